package io.leadflow.contracts.sequence;

import io.leadflow.contracts.rule.RuleSnapshot;
import java.util.Map;

/**
 * Input of a sequence workflow: one lead in one sequence. A data rule arrives as a snapshot ({@code rule}); a
 * sequence written in Java names its definition ({@code codeSequence}); a rule may also target a code sequence, and
 * then both are set. Everything else is the same for both.
 *
 * @param sequenceKey {@code rule:<ruleId>} or {@code code:<name>}; part of the workflow ID
 * @param name what operators read: the rule's name, or the code sequence's
 * @param trigger the trigger that enrolled the lead ({@code event.trigger})
 * @param variables the enrolling event's variables ({@code event.*})
 * @param resolved values produced before enrollment ({@code resolved.meetLink})
 * @param eventLogId the event that enrolled the lead (webhook attempts are logged under it); null for an operator's
 *     direct enrollment
 * @param tenantTimezone the tenant's default zone for send windows and local-time waits
 * @param depth the depth of the event that enrolled the lead; actions fire internal triggers at depth + 1
 * @param lead the lead's facts ({@code lead.*}) at enrollment; steps with a condition read the lead again when due
 */
public record SequenceInput(
        String clientCode,
        String leadId,
        String sequenceKey,
        String name,
        RuleSnapshot rule,
        String codeSequence,
        String trigger,
        Map<String, Object> variables,
        Map<String, Object> resolved,
        String eventLogId,
        String tenantTimezone,
        int depth,
        Map<String, Object> lead) {

    public static String ruleKey(String ruleId) {
        return "rule:" + ruleId;
    }

    public static String codeKey(String name) {
        return "code:" + name;
    }

    /** The code sequence to run: named directly, or through the rule. Null for a data rule's own steps. */
    public String codeSequenceName() {
        if (codeSequence != null) {
            return codeSequence;
        }
        return rule == null ? null : rule.codeSequence();
    }

    /** The same enrollment with values produced before the sequence starts ({@code resolved.meetLink}). */
    public SequenceInput withResolved(Map<String, Object> values) {
        return new SequenceInput(clientCode, leadId, sequenceKey, name, rule, codeSequence, trigger, variables, values,
                eventLogId, tenantTimezone, depth, lead);
    }
}
