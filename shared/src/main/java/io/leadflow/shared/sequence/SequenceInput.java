package io.leadflow.shared.sequence;

import io.leadflow.shared.rule.AutomationRule;
import java.util.Map;

/**
 * Input of a sequence workflow: one lead in one sequence. A data rule arrives as a snapshot ({@code rule}); a
 * sequence written in Java names its definition ({@code codeSequence}). Everything else is the same for both.
 *
 * @param sequenceKey {@code rule:<ruleId>} or {@code code:<name>}
 * @param variables the enrolling event's variables ({@code event.*})
 * @param resolved values produced before enrollment ({@code resolved.meetLink})
 * @param tenantTimezone the tenant's default zone for send windows and local-time waits
 * @param depth the depth of the event that enrolled the lead; actions fire internal triggers at depth + 1
 */
public record SequenceInput(
        String clientCode,
        String leadId,
        String sequenceKey,
        String name,
        AutomationRule rule,
        String codeSequence,
        String trigger,
        Map<String, Object> variables,
        Map<String, Object> resolved,
        String eventLogId,
        String tenantTimezone,
        int depth) {

    public static String ruleKey(String ruleId) {
        return "rule:" + ruleId;
    }

    public static String codeKey(String name) {
        return "code:" + name;
    }
}
