package io.leadflow.shared.sequence;

import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The tenant's index of sequences (one entry per lead × sequence, the latest run), so operators can list, filter
 * and bulk-control them and lead events fan out to the sequences that listen. Each run writes its entry when it
 * starts and its final state when it ends; a run closed by Temporal itself (terminated, timed out, failed, cancelled
 * from the UI) is caught up by the reconciler. Live detail comes from the workflow (query, search attributes).
 *
 * @param id the sequence workflow ID
 * @param runId the run this entry describes
 * @param sequenceKey {@code rule:<ruleId>} for data rules, {@code code:<name>} for code sequences
 * @param version the rule's version (or the code sequence's) the run was enrolled with
 * @param status {@code running}, {@code paused}, {@code completed}, {@code exited}, {@code cancelled}, {@code failed},
 *     {@code terminated}, {@code timed_out}
 * @param exitOn events that end the sequence early
 * @param listensTo event names the run reacts to ({@code *} for any), for lead-event fan-out
 * @param exitReason why it ended early: the event, the operator's reason, or what Temporal reported
 * @param closedBy {@code workflow} when the run recorded its own end, {@code reconciler} when Temporal closed it
 * @param steps what each step did, as the run recorded it when it ended
 * @param verifiedAt when the reconciler last checked this open entry against Temporal
 */
@Document("sequences")
public record Enrollment(
        @Id String id,
        String clientCode,
        String runId,
        String leadId,
        String sequenceKey,
        String ruleId,
        String name,
        int version,
        String status,
        List<String> exitOn,
        List<String> listensTo,
        String eventLogId,
        int totalSteps,
        String exitReason,
        String closedBy,
        List<StepRecord> steps,
        Instant enrolledAt,
        Instant updatedAt,
        Instant closedAt,
        Instant verifiedAt) implements TenantOwned {

    public boolean isOpen() {
        return SequenceStatus.isOpen(status);
    }
}
