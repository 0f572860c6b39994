package io.leadflow.shared.rule;

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
 * @param version incremented on every edit
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
        int version,
        Instant createdAt,
        Instant updatedAt) implements TenantOwned {

    public static final String NEVER = "never";
    public static final String AFTER_COMPLETION = "after_completion";
    public static final String ALWAYS = "always";
}
