package io.leadflow.activities.sequence;

/** A change of a sequence's state, for the tenant's index. Null fields are left as they are. */
public record SequenceStatusChange(String clientCode, String workflowId, String status, Integer currentStepIndex,
                                   String currentStepId, String nextWakeAt, String exitReason) {
}
