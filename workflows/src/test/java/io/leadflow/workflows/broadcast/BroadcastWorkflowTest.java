package io.leadflow.workflows.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.broadcast.BroadcastInput;
import io.leadflow.contracts.broadcast.BroadcastOutcome;
import io.leadflow.contracts.broadcast.BroadcastWorkflow;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A broadcast as operators live it: 100,000 recipients far inside the history limits, a start time, a cancel. */
class BroadcastWorkflowTest {

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private BroadcastWorkflow start(String id, String scheduleAt) {
        BroadcastWorkflow broadcast = kit.start(BroadcastWorkflow.class, "broadcast:acme:" + id, "acme");
        WorkflowClient.start(broadcast::run, new BroadcastInput("acme", id, "Spring sale", scheduleAt, null, null));
        return broadcast;
    }

    /** Every run of a workflow, newest first, following continue-as-new back to the first. */
    private List<WorkflowExecutionHistory> runs(String workflowId) {
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        WorkflowExecutionHistory run = kit.client.fetchHistory(workflowId);
        while (true) {
            runs.add(run);
            String previous = run.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
            if (previous.isEmpty()) {
                return runs;
            }
            run = kit.client.fetchHistory(workflowId, previous);
        }
    }

    @Test
    void aHundredThousandRecipients_areSentInBatches_andEveryRunStaysSmall() {
        kit.messaging.audience = 100_000;

        BroadcastOutcome outcome = WorkflowStub.fromTyped(start("b-100k", null)).getResult(BroadcastOutcome.class);

        assertThat(outcome.status()).isEqualTo("completed");
        assertThat(kit.messaging.prepared).hasSize(100);
        assertThat(kit.messaging.sent).hasSize(200);
        assertThat(kit.messaging.sent.get(199).cursor()).isEqualTo("99500");
        assertThat(kit.messaging.finished).containsExactly("completed");
        List<WorkflowExecutionHistory> runs = runs("broadcast:acme:b-100k");
        assertThat(runs).as("continued as new").hasSizeGreaterThanOrEqualTo(3);
        long activities = 0;
        for (WorkflowExecutionHistory run : runs) {
            assertThat(run.getEvents()).as("one run's history").hasSizeLessThan(1_000);
            activities += run.getEvents().stream().map(HistoryEvent::getEventType)
                    .filter(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals).count();
        }
        assertThat(activities).as("one activity per batch").isEqualTo(300);
    }

    @Test
    void aScheduledBroadcast_waitsForItsTime_andACancelMeanwhileSendsNothing() {
        kit.messaging.audience = 10;
        Instant at = Instant.ofEpochMilli(kit.env.currentTimeMillis()).plus(Duration.ofHours(3));
        BroadcastWorkflow broadcast = start("b-later", at.toString());

        kit.env.sleep(Duration.ofHours(1));
        assertThat(kit.messaging.prepared).as("still waiting").isEmpty();
        broadcast.cancel("changed our mind");
        BroadcastOutcome outcome = WorkflowStub.fromTyped(broadcast).getResult(BroadcastOutcome.class);

        assertThat(outcome.status()).isEqualTo("cancelled");
        assertThat(kit.messaging.prepared).isEmpty();
        assertThat(kit.messaging.sent).isEmpty();
        assertThat(kit.messaging.finished).containsExactly("cancelled");
        assertThat(kit.client.fetchHistory("broadcast:acme:b-later").getEvents()).extracting(HistoryEvent::getEventType)
                .contains(EventType.EVENT_TYPE_TIMER_CANCELED);
    }

    @Test
    void aScheduledBroadcast_startsSendingAtItsTime() {
        kit.messaging.audience = 10;
        long started = kit.env.currentTimeMillis();
        BroadcastWorkflow broadcast = start("b-on-time", Instant.ofEpochMilli(started).plus(Duration.ofHours(3)).toString());

        WorkflowStub.fromTyped(broadcast).getResult(BroadcastOutcome.class);

        assertThat(kit.env.currentTimeMillis() - started).isGreaterThanOrEqualTo(Duration.ofHours(3).toMillis());
        assertThat(kit.messaging.sent).hasSize(1);
    }

    @Test
    void aCancelSeenByABatch_endsTheBroadcastCancelled() {
        kit.messaging.audience = 5_000;
        kit.messaging.cancelledDuringSend = true;

        BroadcastOutcome outcome = WorkflowStub.fromTyped(start("b-stop", null)).getResult(BroadcastOutcome.class);

        assertThat(outcome.status()).isEqualTo("cancelled");
        assertThat(kit.messaging.sent).hasSize(1);
        assertThat(kit.messaging.finished).containsExactly("cancelled");
    }
}
