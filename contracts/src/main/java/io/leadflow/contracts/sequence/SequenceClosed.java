package io.leadflow.contracts.sequence;

import java.util.List;

/**
 * A run's final state for the tenant's index.
 *
 * @param status {@code completed}, {@code exited}, {@code cancelled} or {@code failed}
 * @param exitReason the event, operator reason or failure that ended it early, else null
 */
public record SequenceClosed(
        String clientCode,
        String workflowId,
        String runId,
        String status,
        String exitReason,
        List<StepRecord> steps) {
}
