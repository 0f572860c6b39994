package io.leadflow.activities.sequence;

import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.Set;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Writes a sequence's reported state into the tenant's {@code sequences} index. */
final class SequenceIndex {

    private static final Set<String> FINAL = Set.of(Enrollment.COMPLETED, Enrollment.EXITED, Enrollment.CANCELLED,
            Enrollment.FAILED);

    private SequenceIndex() {
    }

    static void apply(TenantScope tenant, SequenceStatusChange change) {
        Instant now = Instant.now();
        Update update = new Update().set("updatedAt", now);
        if (change.status() != null) {
            update.set("status", change.status());
            if (FINAL.contains(change.status())) {
                update.set("closedAt", now).unset("nextWakeAt");
            }
        }
        if (change.currentStepIndex() != null) {
            update.set("currentStepIndex", change.currentStepIndex());
        }
        if (change.currentStepId() != null) {
            update.set("currentStepId", change.currentStepId());
        }
        if (change.status() == null || !FINAL.contains(change.status())) {
            update.set("nextWakeAt", change.nextWakeAt());
        }
        if (change.exitReason() != null) {
            update.set("exitReason", change.exitReason());
        }
        Query query = Query.query(Criteria.where("_id").is(change.workflowId()));
        if (change.status() != null && !FINAL.contains(change.status())) {
            // A late pause/resume report must never re-open a sequence that has already ended.
            query.addCriteria(Criteria.where("status").nin(FINAL));
        }
        tenant.data().updateFirst(query, update, Enrollment.class);
    }
}
