package io.leadflow.worker;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * Puts the tenant, lead and event of each workflow and activity into the MDC under Leadflow's names
 * ({@code clientCode}, {@code leadId}, {@code eventLogId}), read from its input (every Leadflow payload is a record
 * that carries them), so a worker's log lines name what they are about. The workflow ID is the SDK's own
 * {@code WorkflowId}, shown as {@code workflowId} in JSON logs (leadflow-common.yml renames it).
 *
 * <p>Workflow code is untouched: the MDC is a thread-local of the workflow thread, no part of the workflow's state.
 */
public final class LogContextInterceptor extends WorkerInterceptorBase {

    static final List<String> KEYS = List.of("clientCode", "leadId", "eventLogId");

    private static final Map<Class<?>, List<RecordComponent>> COMPONENTS = new ConcurrentHashMap<>();

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public WorkflowOutput execute(WorkflowInput input) {
                List<String> put = put(input.getArguments());
                try {
                    return super.execute(input);
                } finally {
                    put.forEach(MDC::remove);
                }
            }
        };
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                List<String> put = put(input.getArguments());
                try {
                    return super.execute(input);
                } finally {
                    put.forEach(MDC::remove);
                }
            }
        };
    }

    /** The keys it put (only those the input has and the MDC did not already hold). */
    static List<String> put(Object[] arguments) {
        List<String> put = new ArrayList<>();
        if (arguments == null || arguments.length == 0 || arguments[0] == null || !arguments[0].getClass().isRecord()) {
            return put;
        }
        Object input = arguments[0];
        for (RecordComponent component : COMPONENTS.computeIfAbsent(input.getClass(), LogContextInterceptor::named)) {
            try {
                Object value = component.getAccessor().invoke(input);
                if (value != null && MDC.get(component.getName()) == null) {
                    MDC.put(component.getName(), value.toString());
                    put.add(component.getName());
                }
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                // a log field is never worth failing a task for
            }
        }
        return put;
    }

    private static List<RecordComponent> named(Class<?> type) {
        List<RecordComponent> components = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (KEYS.contains(component.getName()) && component.getType() == String.class) {
                component.getAccessor().setAccessible(true);
                components.add(component);
            }
        }
        return List.copyOf(components);
    }
}
