package io.leadflow.contracts.trigger;

import java.util.List;

/**
 * What an event did, for its log entry.
 *
 * @param matchedRuleIds the rules that matched (for a delayed event, as planned when the delay ended)
 * @param enrolledWorkflowIds the sequences started for it
 * @param alreadyEnrolled sequences not started because the lead was already enrolled (re-enrollment policy)
 * @param notified how many running sequences were told about the event
 */
public record EventCompletion(
        String clientCode,
        String eventLogId,
        List<String> matchedRuleIds,
        List<String> enrolledWorkflowIds,
        List<String> alreadyEnrolled,
        int notified,
        String meetLink,
        String meetWarning) {
}
