package io.leadflow.shared.event;

import io.leadflow.shared.tenant.ScopedMongo;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Reads and writes a tenant's event and callback logs in the central database. */
public final class EventLogs {

    private EventLogs() {
    }

    /** Indexes of the central event tables; safe to call repeatedly. */
    public static void ensureIndexes(ScopedMongo central) {
        ensureIndexes(central::indexOps);
    }

    /** The same, on the central database itself: once per process, since every tenant shares these tables. */
    public static void ensureIndexes(org.springframework.data.mongodb.core.MongoTemplate central) {
        ensureIndexes(central::indexOps);
    }

    private static void ensureIndexes(
            java.util.function.Function<Class<?>, org.springframework.data.mongodb.core.index.IndexOperations> ops) {
        ops.apply(EventLog.class).createIndex(new Index("idempotencyScope", Sort.Direction.ASC).unique().sparse());
        ops.apply(EventLog.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        ops.apply(EventLog.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("status", Sort.Direction.ASC));
        ops.apply(CallbackLog.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC).on("eventLogId", Sort.Direction.ASC));
    }

    /** The outcome of recording a new event: the stored event, and whether it already existed. */
    public record Recorded(EventLog event, boolean duplicate) {
    }

    /**
     * Persists a new event as {@code received}. An event with the same idempotency key for the same tenant
     * is returned instead of a new one: the unique index on the key decides, so the common case is one write.
     */
    public static Recorded record(TenantScope tenant, EventLog draft) {
        Instant now = Instant.now();
        EventLog event = new EventLog(draft.id(), tenant.clientCode(), draft.trigger(), draft.source(), EventLog.RECEIVED,
                draft.leadId(), draft.rulesMatched(), draft.matchedRuleIds(), draft.workflowId(),
                draft.idempotencyKey(),
                draft.idempotencyKey() == null ? null : tenant.clientCode() + ":" + draft.idempotencyKey(),
                draft.depth(), draft.request(), null, null, draft.error(),
                List.of(new EventLog.StatusChange(EventLog.RECEIVED, now, null)), now, now, null);
        try {
            return new Recorded(tenant.central().insert(event), false);
        } catch (DuplicateKeyException raced) {
            return new Recorded(byIdempotencyKey(tenant, draft.idempotencyKey()).orElseThrow(() -> raced), true);
        }
    }

    /**
     * Persists an event that is already done (nothing listens to it) in one write: status {@code completed}, with
     * both steps in its history. Events with an idempotency key go through {@link #record}.
     */
    public static EventLog recordCompleted(TenantScope tenant, EventLog draft, String note) {
        Instant now = Instant.now();
        return tenant.central().insert(new EventLog(draft.id(), tenant.clientCode(), draft.trigger(), draft.source(),
                EventLog.COMPLETED, draft.leadId(), 0, List.of(), null, null, null, draft.depth(), draft.request(),
                null, null, null, List.of(new EventLog.StatusChange(EventLog.RECEIVED, now, null),
                        new EventLog.StatusChange(EventLog.COMPLETED, now, note)), now, now, null));
    }

    /** Marks an event {@code completed} with what it did (its trigger workflow, or the API's direct path). */
    public static Optional<EventLog> complete(TenantScope tenant, io.leadflow.contracts.trigger.EventCompletion done) {
        String note = done.matchedRuleIds().size() + " rule(s) matched, " + done.enrolledWorkflowIds().size()
                + " sequence(s) started" + (done.alreadyEnrolled().isEmpty() ? ""
                : ", " + done.alreadyEnrolled().size() + " already enrolled")
                + (done.notified() > 0 ? ", " + done.notified() + " running sequence(s) told" : "");
        Update fields = new Update()
                .set("rulesMatched", done.matchedRuleIds().size())
                .set("matchedRuleIds", done.matchedRuleIds())
                .set("enrolledWorkflowIds", done.enrolledWorkflowIds())
                .set("meetLink", done.meetLink())
                .set("meetWarning", done.meetWarning());
        return transitionFrom(tenant, done.eventLogId(), List.of(EventLog.RECEIVED, EventLog.PROCESSING),
                EventLog.COMPLETED, note, fields);
    }

    public static Optional<EventLog> byId(TenantScope tenant, String id) {
        return tenant.central().findById(id, EventLog.class);
    }

    public static Optional<EventLog> byIdempotencyKey(TenantScope tenant, String key) {
        return tenant.central().findOne(
                Query.query(Criteria.where("idempotencyScope").is(tenant.clientCode() + ":" + key)), EventLog.class);
    }

    public static List<EventLog> list(TenantScope tenant, String status, String trigger, String leadId, int limit) {
        Query query = new Query();
        if (status != null && !status.isBlank()) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        if (trigger != null && !trigger.isBlank()) {
            query.addCriteria(Criteria.where("trigger").is(trigger));
        }
        if (leadId != null && !leadId.isBlank()) {
            query.addCriteria(Criteria.where("leadId").is(leadId));
        }
        return tenant.central().find(query.with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit), EventLog.class);
    }

    /** Moves an event to a new status, with an entry in its history. Other fields are set alongside. */
    public static Optional<EventLog> transition(TenantScope tenant, String id, String status, String note, Update extra) {
        Instant now = Instant.now();
        Update update = extra == null ? new Update() : extra;
        update.set("status", status).set("updatedAt", now)
                .push("history", new EventLog.StatusChange(status, now, note));
        return tenant.central().findAndModify(Query.query(Criteria.where("_id").is(id)), update, EventLog.class);
    }

    /**
     * Moves an event to a new status only if it is in one of {@code from} now (an answer racing the workflow that
     * already completed it must not move it back), with an entry in its history.
     *
     * @return the event as it is afterwards, or empty when it was not in one of {@code from}
     */
    public static Optional<EventLog> transitionFrom(TenantScope tenant, String id, List<String> from, String status,
                                                    String note, Update extra) {
        Instant now = Instant.now();
        Update update = extra == null ? new Update() : extra;
        update.set("status", status).set("updatedAt", now)
                .push("history", new EventLog.StatusChange(status, now, note));
        return tenant.central().findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in(from)), update,
                EventLog.class);
    }

    public static void update(TenantScope tenant, String id, Update update) {
        tenant.central().updateFirst(Query.query(Criteria.where("_id").is(id)), update.set("updatedAt", Instant.now()),
                EventLog.class);
    }

    public static CallbackLog logCallback(TenantScope tenant, CallbackLog log) {
        return tenant.central().insert(log);
    }

    public static List<CallbackLog> callbacks(TenantScope tenant, String eventLogId) {
        return tenant.central().find(Query.query(Criteria.where("eventLogId").is(eventLogId))
                .with(Sort.by(Sort.Direction.ASC, "at")), CallbackLog.class);
    }
}
