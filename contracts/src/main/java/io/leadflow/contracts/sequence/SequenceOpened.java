package io.leadflow.contracts.sequence;

import java.util.List;

/**
 * A run's entry in the tenant's sequences index as it starts.
 *
 * @param runId the Temporal run, so a late close of an older run never overwrites a newer one
 * @param listensTo event names the run reacts to ({@code *} for any), so lead events fan out only to listeners
 * @param totalSteps how many steps the operator view should expect
 */
public record SequenceOpened(
        String clientCode,
        String workflowId,
        String runId,
        String leadId,
        String sequenceKey,
        String ruleId,
        int ruleVersion,
        String name,
        String eventLogId,
        List<String> exitOn,
        List<String> listensTo,
        int totalSteps) {
}
