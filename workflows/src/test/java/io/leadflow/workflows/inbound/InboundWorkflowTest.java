package io.leadflow.workflows.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundResult;
import io.leadflow.contracts.inbound.InboundWorkflow;
import io.leadflow.workflows.support.WorkflowTestKit;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WhatsApp delivery's processing: one activity, retried until it goes through (a receipt that overtook its
 * message's own write is simply tried again), in a handful of history events.
 */
class InboundWorkflowTest {

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void aReceiptBeforeItsSend_isRetried_andTheDeliveryIsProcessedOnce() {
        AtomicInteger attempts = new AtomicInteger();
        kit.messaging.inbound = input -> {
            if (attempts.incrementAndGet() == 1) {
                throw ApplicationFailure.newFailure("1 receipt(s) for messages not recorded yet", "RECEIPT_BEFORE_SEND");
            }
            return new InboundResult(1, 0, 1, 0, 0, 0);
        };

        InboundResult result = kit.start(InboundWorkflow.class, "inbound:acme:w-1", "acme")
                .run(new InboundInput("acme", "w-1", 1, 1));

        assertThat(result.messagesStored()).isEqualTo(1);
        assertThat(result.statusesApplied()).isEqualTo(1);
        assertThat(attempts.get()).isEqualTo(2);
        var events = kit.client.fetchHistory("inbound:acme:w-1").getEvents();
        assertThat(events).hasSizeLessThanOrEqualTo(12);
        assertThat(events.stream().map(HistoryEvent::getEventType)
                .filter(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals)).hasSize(1);
    }
}
