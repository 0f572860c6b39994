package io.leadflow.activities.trigger;

import io.leadflow.shared.rule.AutomationRule;
import java.util.List;
import java.util.Map;

/**
 * What an event will do: the rules that matched (snapshotted now, so later edits don't change this event) and
 * the evaluation context they matched against.
 *
 * @param leadContext the lead as {@code lead.*} facts when the event began
 * @param tenantTimezone the tenant's default zone, for the sequences it enrolls
 */
public record TriggerPlan(String leadId, List<AutomationRule> matchedRules, Map<String, Object> leadContext,
                          String tenantTimezone) {

    public List<String> matchedRuleIds() {
        return matchedRules.stream().map(AutomationRule::id).toList();
    }
}
