package io.leadflow.api.sequence;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadflow.contracts.sequence.StepRecord;
import java.time.Instant;
import java.util.List;

/**
 * A sequence as operators see it: its index entry, checked against Temporal when it is open, with its current step
 * and next wake-up from the run's search attributes.
 *
 * @param workflowId the sequence workflow ID
 * @param status {@code running}, {@code paused}, {@code completed}, {@code exited}, {@code cancelled}, {@code failed},
 *     {@code terminated} or {@code timed_out}
 * @param currentStepId the step it is on (open sequences)
 * @param nextWakeAt when its current wait ends (open sequences waiting on a timer)
 * @param exitReason why it ended early: the exit event, the operator's reason, or what Temporal reported
 * @param closedBy {@code workflow} when the run recorded its own end, {@code reconciler} when Temporal closed it
 * @param steps what each step did (from the workflow while it answers, else as recorded when it closed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SequenceView(
        String workflowId,
        String leadId,
        String sequenceKey,
        String ruleId,
        String name,
        int version,
        String status,
        String currentStepId,
        Instant nextWakeAt,
        int totalSteps,
        String exitReason,
        String closedBy,
        Instant enrolledAt,
        Instant closedAt,
        String eventLogId,
        List<StepRecord> steps) {
}
