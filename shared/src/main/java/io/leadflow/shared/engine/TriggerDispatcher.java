package io.leadflow.shared.engine;

import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.temporal.LeadflowSearchAttributes;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.temporal.WorkflowIds;
import io.leadflow.shared.temporal.WorkflowTypes;
import io.leadflow.shared.tenant.TenantContext;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The single entry into the engine for every event, external or internal: persist the EventLog first, then
 * start the event's trigger workflow (ID derived from tenant + event, so a re-dispatch is harmless). If
 * Temporal cannot be reached the event stays {@code received} and is started again later.
 */
public class TriggerDispatcher {

    private static final Logger log = LoggerFactory.getLogger(TriggerDispatcher.class);

    private final WorkflowClient client;
    private final Tenants tenants;
    private final LeadflowProperties properties;

    public TriggerDispatcher(WorkflowClient client, Tenants tenants, LeadflowProperties properties) {
        this.client = client;
        this.tenants = tenants;
        this.properties = properties;
    }

    /**
     * What happened to a dispatched event.
     *
     * @param duplicate the idempotency key had been seen: nothing new was started
     * @param started the trigger workflow is running (or already ran)
     */
    public record Dispatched(EventLog event, String workflowId, boolean duplicate, boolean started) {
    }

    /** Records the event and starts its workflow (internal triggers and business events). */
    public Dispatched dispatch(TriggerInput input, String idempotencyKey, Map<String, Object> request) {
        TenantScope tenant = tenants.scope(input.clientCode());
        EventLogs.Recorded recorded = record(tenant, input, idempotencyKey, request);
        EventLog event = recorded.event();
        String workflowId = WorkflowIds.trigger(input.clientCode(), event.id());
        if (recorded.duplicate()) {
            return new Dispatched(event, workflowId, true, event.workflowId() != null);
        }
        String guard = loopGuard(tenant, input);
        if (guard != null) {
            EventLog suppressed = EventLogs.transition(tenant, event.id(), EventLog.SUPPRESSED, guard,
                    new Update().set("error", new EventLog.EventError(ErrorCode.LOOP_GUARD.name(), guard))).orElse(event);
            log.warn("loop guard suppressed trigger {} for lead {}: {}", input.trigger(), input.leadId(), guard);
            return new Dispatched(suppressed, null, false, false);
        }
        start(tenant, event.id(), withEventId(input, event.id()));
        return new Dispatched(event, workflowId, false, true);
    }

    /** Persists the event as {@code received}, before anything else happens to it. */
    public EventLogs.Recorded record(TenantScope tenant, TriggerInput input, String idempotencyKey,
                                     Map<String, Object> request) {
        EventLog draft = new EventLog(null, input.clientCode(), input.trigger(), input.source(), EventLog.RECEIVED,
                input.leadId(), null, null, null, idempotencyKey, null, input.depth(), request, null, null, null,
                null, null, null);
        return EventLogs.record(tenant, draft);
    }

    public static TriggerInput withEventId(TriggerInput input, String eventLogId) {
        return new TriggerInput(input.clientCode(), eventLogId, input.trigger(), input.source(), input.leadId(),
                input.variables(), input.meet(), input.callbackUrl(), input.callbackMetadata(), input.delayMinutes(),
                input.depth());
    }

    /**
     * Starts the workflow of an already recorded event; "already started" counts as success.
     *
     * @throws LeadflowException {@code TEMPORAL_UNAVAILABLE} when the server cannot be reached
     */
    public void start(TenantScope tenant, String eventLogId, TriggerInput input) {
        String workflowId = WorkflowIds.trigger(tenant.clientCode(), eventLogId);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(
                    tenant.clientCode(), input.leadId(), input.trigger(), null));
        }
        String previous = TenantContext.current().orElse(null);
        TenantContext.set(tenant.clientCode());
        try {
            WorkflowStub stub = client.newUntypedWorkflowStub(WorkflowTypes.TRIGGER, options.build());
            stub.start(input);
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            log.debug("trigger workflow {} already started", workflowId);
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            if (StartFailures.isAlreadyStarted(e)) {
                log.debug("trigger workflow {} already ran", workflowId);
            } else {
                EventLogs.update(tenant, eventLogId, new Update().set("dispatchError", "temporal unavailable"));
                log.warn("could not start trigger workflow {}: {}", workflowId, e.toString());
                throw new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE,
                        "the workflow engine is unreachable; the event is kept and will be processed when it is back", e);
            }
        } finally {
            TenantContext.set(previous);
        }
        EventLogs.update(tenant, eventLogId, new Update().set("workflowId", workflowId).unset("dispatchError"));
    }

    /** Re-creates the workflow input of a recorded event (for re-dispatch after an outage). */
    @SuppressWarnings("unchecked")
    public static TriggerInput inputOf(EventLog event) {
        Map<String, Object> request = event.request() == null ? Map.of() : event.request();
        Object meet = request.get("meet");
        TriggerInput.MeetSpec meetSpec = null;
        if (meet instanceof Map<?, ?> m && Boolean.TRUE.equals(request.get("requiresMeet"))) {
            Object attendees = m.get("attendees");
            meetSpec = new TriggerInput.MeetSpec((String) m.get("summary"), (String) m.get("startTime"),
                    m.get("durationMinutes") instanceof Number n ? n.intValue() : null,
                    attendees instanceof java.util.List<?> list ? list.stream().map(String::valueOf).toList() : null);
        }
        Object delay = request.get("delayMinutes");
        return new TriggerInput(event.clientCode(), event.id(), event.trigger(), event.source(), event.leadId(),
                request.get("variables") instanceof Map<?, ?> v ? new LinkedHashMap<>((Map<String, Object>) v) : Map.of(),
                meetSpec, (String) request.get("callbackUrl"),
                request.get("callbackMetadata") instanceof Map<?, ?> cm ? new LinkedHashMap<>((Map<String, Object>) cm) : null,
                delay instanceof Number n ? n.intValue() : 0, event.depth());
    }

    /** Why an internal trigger must be cut off, or null to let it run. */
    private String loopGuard(TenantScope tenant, TriggerInput input) {
        if (!"crm".equals(input.source()) || input.leadId() == null) {
            return null;
        }
        int maxDepth = properties.engine().maxTriggerDepth();
        if (input.depth() > maxDepth) {
            return "trigger chain deeper than " + maxDepth + " (a rule probably re-fires its own trigger)";
        }
        long recent = tenant.central().count(Query.query(Criteria.where("leadId").is(input.leadId())
                .and("source").is("crm")
                .and("createdAt").gte(Instant.now().minus(Duration.ofMinutes(1)))), EventLog.class);
        int maxRate = properties.engine().maxTriggersPerLeadPerMinute();
        if (recent > maxRate) {
            return "more than " + maxRate + " internal triggers for this lead in a minute";
        }
        return null;
    }
}
