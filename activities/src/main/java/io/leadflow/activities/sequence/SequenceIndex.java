package io.leadflow.activities.sequence;

import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The index entry of a run as it starts. {@code insertOnly} writes it only when there is none yet (the enroller,
     * which may run after a quick sequence has already finished); otherwise it replaces an earlier run's entry.
     */
    static void enroll(TenantScope tenant, SequenceInput input, String workflowId, boolean insertOnly) {
        Instant now = Instant.now();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("leadId", input.leadId());
        fields.put("sequenceKey", input.sequenceKey());
        fields.put("ruleId", input.rule() != null ? input.rule().id() : null);
        fields.put("name", input.name());
        fields.put("version", input.rule() != null ? input.rule().version() : 0);
        fields.put("status", Enrollment.RUNNING);
        fields.put("exitOn", input.rule() != null && input.rule().exitOn() != null ? input.rule().exitOn() : List.of());
        fields.put("eventLogId", input.eventLogId());
        fields.put("enrolledAt", now);
        fields.put("updatedAt", now);
        Update update = new Update();
        if (insertOnly) {
            fields.forEach(update::setOnInsert);
        } else {
            fields.forEach(update::set);
            update.unset("closedAt").unset("currentStepIndex").unset("currentStepId").unset("nextWakeAt")
                    .unset("exitReason");
        }
        tenant.data().upsert(Query.query(Criteria.where("_id").is(workflowId)), update, Enrollment.class);
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
