package io.leadflow.shared.sequence;

import io.leadflow.contracts.sequence.LeadEvent;
import io.leadflow.contracts.sequence.SequenceClosed;
import io.leadflow.contracts.sequence.SequenceOpened;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Reads and writes the tenant's {@code sequences} index ({@link Enrollment}). Writes are idempotent and ordered by
 * run: a run's entry replaces an older run's, and a late write of an older run never overwrites a newer one.
 */
public final class SequenceIndex {

    public static final String CLOSED_BY_WORKFLOW = "workflow";
    public static final String CLOSED_BY_RECONCILER = "reconciler";
    private static final List<String> OPEN = List.of(SequenceStatus.RUNNING, SequenceStatus.PAUSED);

    private SequenceIndex() {
    }

    public static void ensureIndexes(TenantScope tenant) {
        tenant.data().indexOps(Enrollment.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("leadId", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
        tenant.data().indexOps(Enrollment.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("status", Sort.Direction.ASC).on("verifiedAt", Sort.Direction.ASC));
        tenant.data().indexOps(Enrollment.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("enrolledAt", Sort.Direction.DESC));
        // Bulk jobs page through a rule's open sequences in workflow-ID order.
        tenant.data().indexOps(Enrollment.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("ruleId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC));
    }

    /** A run starts: its entry replaces whatever an earlier run of the same lead and sequence left. */
    public static void open(TenantScope tenant, SequenceOpened opened) {
        Instant now = Instant.now();
        Update update = new Update()
                .set("runId", opened.runId())
                .set("leadId", opened.leadId())
                .set("sequenceKey", opened.sequenceKey())
                .set("ruleId", opened.ruleId())
                .set("name", opened.name())
                .set("version", opened.ruleVersion())
                .set("status", SequenceStatus.RUNNING)
                .set("exitOn", opened.exitOn() == null ? List.of() : opened.exitOn())
                .set("listensTo", opened.listensTo() == null ? List.of() : opened.listensTo())
                .set("eventLogId", opened.eventLogId())
                .set("totalSteps", opened.totalSteps())
                .set("enrolledAt", now)
                .set("updatedAt", now)
                .set("verifiedAt", now)
                .unset("exitReason").unset("closedAt").unset("closedBy").unset("steps");
        // The same run writing twice (a retried local activity) must not reopen a run that already closed.
        Query query = Query.query(Criteria.where("_id").is(opened.workflowId()))
                .addCriteria(new Criteria().orOperator(Criteria.where("runId").ne(opened.runId()),
                        Criteria.where("closedAt").exists(false)));
        try {
            tenant.data().upsert(query, update, Enrollment.class);
        } catch (org.springframework.dao.DuplicateKeyException alreadyClosed) {
            // The upsert found no open entry of this run and tried to insert the same _id: the run had closed.
        }
    }

    /** A run ends, as its workflow reports it: status, reason and steps. An older run never overwrites a newer one. */
    public static void close(TenantScope tenant, SequenceClosed closed) {
        Instant now = Instant.now();
        Update update = new Update()
                .set("status", closed.status())
                .set("exitReason", closed.exitReason())
                .set("steps", closed.steps() == null ? List.of() : closed.steps())
                .set("closedBy", CLOSED_BY_WORKFLOW)
                .set("closedAt", now)
                .set("updatedAt", now);
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(closed.workflowId())
                .and("runId").is(closed.runId())), update, Enrollment.class);
    }

    /**
     * Temporal closed a run without the run recording it (terminated, timed out, failed, cancelled before its
     * bookkeeping ran): the entry follows, if it still describes that run and still says open.
     *
     * @return whether an entry changed
     */
    public static boolean closedByTemporal(TenantScope tenant, String workflowId, String runId, String status,
                                           String reason) {
        return closedByTemporal(tenant, workflowId, runId, status, reason, null);
    }

    /** As above, with the steps the run reported in its result, when it returned one. */
    public static boolean closedByTemporal(TenantScope tenant, String workflowId, String runId, String status,
                                           String reason, List<StepRecord> steps) {
        Instant now = Instant.now();
        Query query = Query.query(Criteria.where("_id").is(workflowId).and("status").in(OPEN));
        if (runId != null) {
            query.addCriteria(Criteria.where("runId").is(runId));
        }
        Update update = new Update()
                .set("status", status)
                .set("exitReason", reason)
                .set("closedBy", CLOSED_BY_RECONCILER)
                .set("closedAt", now)
                .set("updatedAt", now)
                .set("verifiedAt", now);
        if (steps != null) {
            update.set("steps", steps);
        }
        return tenant.data().updateFirst(query, update, Enrollment.class).getModifiedCount() > 0;
    }

    /** Records that an open entry was checked against Temporal and is still open. */
    public static void verified(TenantScope tenant, String workflowId) {
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(workflowId).and("status").in(OPEN)),
                new Update().set("verifiedAt", Instant.now()), Enrollment.class);
    }

    /** An operator paused or resumed the run through the API: the index says so at once. */
    public static void paused(TenantScope tenant, String workflowId, boolean paused) {
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(workflowId).and("status").in(OPEN)),
                new Update().set("status", paused ? SequenceStatus.PAUSED : SequenceStatus.RUNNING)
                        .set("updatedAt", Instant.now()), Enrollment.class);
    }

    /** The lead's open sequences that listen to {@code trigger} (by name, or to any event). */
    public static List<Enrollment> listeners(TenantScope tenant, String leadId, String trigger) {
        return tenant.data().find(Query.query(Criteria.where("leadId").is(leadId).and("status").in(OPEN)
                .and("listensTo").in(trigger, LeadEvent.ANY)), Enrollment.class);
    }

    /** Open entries least recently checked against Temporal, for the reconciler. */
    public static List<Enrollment> leastRecentlyVerified(TenantScope tenant, Instant before, int limit) {
        return tenant.data().find(Query.query(Criteria.where("status").in(OPEN).and("verifiedAt").lt(before))
                .with(Sort.by(Sort.Direction.ASC, "verifiedAt")).limit(limit), Enrollment.class);
    }

    public static java.util.Optional<Enrollment> find(TenantScope tenant, String workflowId) {
        return tenant.data().findById(workflowId, Enrollment.class);
    }
}
