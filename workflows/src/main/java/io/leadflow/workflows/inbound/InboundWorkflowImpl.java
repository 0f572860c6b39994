package io.leadflow.workflows.inbound;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.inbound.InboundActivities;
import io.leadflow.contracts.inbound.InboundInput;
import io.leadflow.contracts.inbound.InboundResult;
import io.leadflow.contracts.inbound.InboundWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * One stored WhatsApp delivery, processed by one activity: the work is database writes and engine dispatches, all
 * idempotent, so the activity simply retries until it has gone through. Its history is a handful of events.
 */
public class InboundWorkflowImpl implements InboundWorkflow {

    /**
     * Retried for a day: the store or the engine may be down for a while, and a status that overtook its message's
     * own write is retried until the write shows up. A payload that can't be read is not retried.
     */
    static final ActivityOptions PROCESS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setScheduleToCloseTimeout(Duration.ofHours(24))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(5))
                    .setDoNotRetry(ErrorCode.VALIDATION_FAILED.name())
                    .build())
            .build();

    @Override
    public InboundResult run(InboundInput input) {
        InboundActivities activities = Workflow.newActivityStub(InboundActivities.class,
                ActivityOptions.newBuilder(PROCESS).setSummary(summary(input)).build());
        return activities.process(input);
    }

    private static String summary(InboundInput input) {
        return "store " + input.messages() + " message(s), apply " + input.statuses() + " status(es)";
    }
}
