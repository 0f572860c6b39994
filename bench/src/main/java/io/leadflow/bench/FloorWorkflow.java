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

    @WorkflowMethod(name = "BenchFloor")
    void run(String receiverUrl, long delayMillis);

    /** The one activity: a POST of {@code {id, dueAt}}. */
    @ActivityInterface
    interface Deliver {
        @ActivityMethod(name = "BenchDeliver")
        void deliver(String receiverUrl, String id, String dueAt);
    }

    /** Timer, then the activity; the due time is the workflow's start plus the delay, in workflow time. */
    class Impl implements FloorWorkflow {
        private final Deliver deliver = Workflow.newActivityStub(Deliver.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10)).build());

        @Override
        public void run(String receiverUrl, long delayMillis) {
            Instant due = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plusMillis(delayMillis);
            Workflow.sleep(Duration.ofMillis(delayMillis));
            deliver.deliver(receiverUrl, Workflow.getInfo().getWorkflowId(), due.toString());
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
