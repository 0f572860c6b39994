package io.leadflow.workflows.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.shared.temporal.TenantContextPropagator;
import io.leadflow.shared.tenant.TenantContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tenant set by the caller reaches activities through Temporal headers, whatever worker thread runs them. */
class TenantPropagationTest {

    @ActivityInterface
    public interface WhoAmI {
        @ActivityMethod(name = "WhoAmI")
        String tenant();
    }

    @WorkflowInterface
    public interface Probe {
        @WorkflowMethod(name = "Probe")
        String run();
    }

    public static class ProbeImpl implements Probe {
        private final WhoAmI who = Workflow.newActivityStub(WhoAmI.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build());

        @Override
        public String run() {
            return who.tenant();
        }
    }

    @Test
    void activitiesKnowTheTenantOfTheWorkflowThatCalledThem() {
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new TenantContextPropagator())).build())
                .build());
        try {
            Worker worker = env.newWorker("q");
            worker.registerWorkflowImplementationTypes(ProbeImpl.class);
            worker.registerActivitiesImplementations((WhoAmI) () -> TenantContext.current().orElse("none"));
            env.start();

            TenantContext.set("globex");
            Probe probe = env.getWorkflowClient().newWorkflowStub(Probe.class,
                    WorkflowOptions.newBuilder().setTaskQueue("q").build());
            String seen;
            try {
                seen = probe.run();
            } finally {
                TenantContext.clear();
            }

            assertThat(seen).isEqualTo("globex");
        } finally {
            env.close();
        }
    }
}
