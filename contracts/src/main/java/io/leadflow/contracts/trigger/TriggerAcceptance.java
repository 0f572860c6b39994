package io.leadflow.contracts.trigger;

import java.util.List;

/**
 * What the trigger workflow tells the API once it has accepted an event: the lead, the rules that matched,
 * and the Meet link (or the warning saying why there is none).
 */
public record TriggerAcceptance(
        String leadId,
        int rulesMatched,
        List<String> matchedRuleIds,
        String meetLink,
        String meetWarning) {
}
