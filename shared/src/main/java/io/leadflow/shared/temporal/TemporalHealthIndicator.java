package io.leadflow.shared.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of api and worker ({@code temporal} in the health groups): the Temporal front end answers within 3 s.
 * Not part of liveness: a process whose Temporal is down is not broken, and restarting it would not help.
 */
public class TemporalHealthIndicator implements HealthIndicator {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final WorkflowClient client;

    public TemporalHealthIndicator(WorkflowClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        String namespace = client.getOptions().getNamespace();
        try {
            client.getWorkflowServiceStubs().blockingStub()
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return Health.up().withDetail("namespace", namespace).build();
        } catch (RuntimeException unreachable) {
            return Health.down().withDetail("namespace", namespace)
                    .withDetail("error", unreachable.getClass().getSimpleName()).build();
        }
    }
}
