package io.leadflow.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The raw-Temporal floor: the least a durable delayed job can cost on this server — one timer, then one activity
 * that posts to the receiver with the job's own due time.
 */
@WorkflowInterface
public interface FloorWorkflow {

    /** Sleeps until {@code dueAt} (ISO-8601), then delivers. */
    @WorkflowMethod(name = "BenchFloor")
    void runUntil(String receiverUrl, String dueAt);

    /** The one activity: a POST of {@code {id, dueAt}}. */
    @ActivityInterface
    interface Deliver {
        @ActivityMethod(name = "BenchDeliver")
        void deliver(String receiverUrl, String id, String dueAt);
    }

    /** Timer until the due time (in workflow time), then the activity. */
    class Impl implements FloorWorkflow {
        private final Deliver deliver = Workflow.newActivityStub(Deliver.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10)).build());

        @Override
        public void runUntil(String receiverUrl, String dueAt) {
            Duration wait = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), Instant.parse(dueAt));
            if (!wait.isNegative() && !wait.isZero()) {
                Workflow.sleep(wait);
            }
            deliver.deliver(receiverUrl, Workflow.getInfo().getWorkflowId(), dueAt);
        }
    }

    /** The activity: a plain HTTP POST. */
    class DeliverImpl implements Deliver {
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public void deliver(String receiverUrl, String id, String dueAt) {
            String body = "{\"id\":\"" + id + "\",\"dueAt\":\"" + dueAt + "\"}";
            try {
                http.send(HttpRequest.newBuilder(URI.create(receiverUrl)).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
