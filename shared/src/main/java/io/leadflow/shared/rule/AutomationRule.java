package io.leadflow.shared.rule;

import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.sequence.EnrollmentPolicy;
import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An automation rule stored as data: when {@code trigger} fires for a lead and {@code condition} holds, the
 * lead is enrolled in a durable sequence that runs {@code steps} in order. The whole rule is snapshotted into
 * the sequence at enrollment, so editing it never changes running sequences.
 *
 * @param exitOn events that end a running sequence early ({@code lead_replied}, {@code tag_added:customer})
 * @param reEnrollment {@code never}, {@code after_completion} or {@code always}
 * @param sendWindow when actions that reach the lead may run, or null for any time
 * @param sequence {@code code:<name>} when the rule enrolls leads in a sequence written in Java (then it has no
 *     steps), else null
 * @param version incremented on every edit
 * @param params the trigger's parameters: a rule matches only events whose variables have these values
 *     ({@code no_contact} takes {@code days}); null or empty for none
 */
@Document("automation_rules")
public record AutomationRule(
        @Id String id,
        String clientCode,
        String name,
        String description,
        String trigger,
        boolean isActive,
        Condition condition,
        List<Step> steps,
        List<String> exitOn,
        String reEnrollment,
        SendWindow sendWindow,
        String sequence,
        int version,
        Instant createdAt,
        Instant updatedAt,
        java.util.Map<String, Object> params) implements TenantOwned {

    public static final String NEVER = EnrollmentPolicy.NEVER;
    public static final String AFTER_COMPLETION = EnrollmentPolicy.AFTER_COMPLETION;
    public static final String ALWAYS = EnrollmentPolicy.ALWAYS;

    /** The trigger that fires for leads with no message either way for {@code params.days} days. */
    public static final String NO_CONTACT = "no_contact";

    /** The rule as a running sequence carries it: frozen at this version, without storage annotations. */
    public RuleSnapshot toSnapshot() {
        return new RuleSnapshot(id, name, version, trigger, steps == null ? List.of() : steps,
                exitOn == null ? List.of() : exitOn, reEnrollment, sendWindow, sequence);
    }
}
