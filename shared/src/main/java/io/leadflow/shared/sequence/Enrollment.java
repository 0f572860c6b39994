package io.leadflow.shared.sequence;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The tenant's index of sequences (one per lead × sequence), kept in step with the workflows so operators can
 * list and bulk-control them; live detail comes from the workflow's query.
 *
 * @param id the sequence workflow ID
 * @param sequenceKey {@code rule:<ruleId>} for data rules, {@code code:<name>} for code sequences
 * @param status {@code running}, {@code paused}, {@code completed}, {@code exited}, {@code cancelled}, {@code failed}
 * @param exitOn events that end the sequence early, so the engine knows whom to signal
 * @param nextWakeAt ISO instant of the sequence's next timer, as last reported by the workflow
 */
@Document("sequences")
public record Enrollment(
        @Id String id,
        String clientCode,
        String leadId,
        String sequenceKey,
        String ruleId,
        String name,
        int version,
        String status,
        List<String> exitOn,
        String eventLogId,
        Integer currentStepIndex,
        String currentStepId,
        String nextWakeAt,
        String exitReason,
        Instant enrolledAt,
        Instant updatedAt,
        Instant closedAt) implements TenantOwned {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final String EXITED = "exited";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";

    public boolean isOpen() {
        return RUNNING.equals(status) || PAUSED.equals(status);
    }
}
