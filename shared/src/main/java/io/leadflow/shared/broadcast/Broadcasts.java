package io.leadflow.shared.broadcast;

import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.conversation.MessageStatuses;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** A tenant's broadcasts and their recipients: the audience, the recipients' moves, and the counts read from them. */
public final class Broadcasts {

    /** The idempotency key of a recipient's message: the same on every retry, so no one gets a broadcast twice. */
    public static final String KEY_PREFIX = "broadcast:";

    private Broadcasts() {
    }

    public static void ensureIndexes(TenantScope tenant) {
        tenant.data().indexOps(Broadcast.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        tenant.data().indexOps(Broadcast.class).createIndex(new Index("idempotencyScope", Sort.Direction.ASC).unique()
                .sparse());
        tenant.data().indexOps(BroadcastRecipient.class).createIndex(new Index().on("clientCode", Sort.Direction.ASC)
                .on("broadcastId", Sort.Direction.ASC).on("status", Sort.Direction.ASC).on("_id", Sort.Direction.ASC));
    }

    public static Broadcast create(TenantScope tenant, Broadcast draft) {
        return tenant.data().insert(draft);
    }

    /** The broadcast created with this idempotency key, if any. */
    public static Optional<Broadcast> byIdempotencyKey(TenantScope tenant, String key) {
        return tenant.data().findOne(Query.query(Criteria.where("idempotencyScope")
                .is(tenant.clientCode() + ":" + key)), Broadcast.class);
    }

    public static Optional<Broadcast> find(TenantScope tenant, String id) {
        return tenant.data().findById(id, Broadcast.class);
    }

    public static List<Broadcast> list(TenantScope tenant, int limit) {
        return tenant.data().find(new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit), Broadcast.class);
    }

    /** Moves the broadcast to {@code status} if it is in one of {@code from}; the broadcast afterwards, if it moved. */
    public static Optional<Broadcast> transition(TenantScope tenant, String id, List<String> from, String status,
                                                 Update extra) {
        Update update = extra == null ? new Update() : extra;
        update.set("status", status).set("updatedAt", Instant.now());
        return tenant.data().findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in(from)), update,
                Broadcast.class);
    }

    /** The leads of the audience (every part given applies). */
    public static Query audienceQuery(Broadcast.Audience audience) {
        Query query = new Query();
        if (audience.tags() != null && !audience.tags().isEmpty()) {
            query.addCriteria(Criteria.where("tags").all(audience.tags()));
        }
        if (audience.stageId() != null) {
            query.addCriteria(Criteria.where("stageId").is(audience.stageId()));
        }
        if (audience.leadIds() != null && !audience.leadIds().isEmpty()) {
            query.addCriteria(Criteria.where("_id").in(audience.leadIds()));
        }
        return query;
    }

    /** The leads of the audience after {@code cursor} (by id), at most {@code limit}. */
    public static List<Lead> audiencePage(TenantScope tenant, Broadcast.Audience audience, String cursor, int limit) {
        Query query = new Query();
        if (audience.tags() != null && !audience.tags().isEmpty()) {
            query.addCriteria(Criteria.where("tags").all(audience.tags()));
        }
        Criteria id = Criteria.where("_id");
        boolean byId = false;
        if (audience.stageId() != null) {
            query.addCriteria(Criteria.where("stageId").is(audience.stageId()));
        }
        if (audience.leadIds() != null && !audience.leadIds().isEmpty()) {
            id = id.in(audience.leadIds());
            byId = true;
        }
        if (cursor != null) {
            id = id.gt(cursor);
            byId = true;
        }
        if (byId) {
            query.addCriteria(id);
        }
        return tenant.data().find(query.with(Sort.by("_id")).limit(limit), Lead.class);
    }

    /** Writes the leads down as pending recipients; a lead written before (a retried batch) is left as it is. */
    public static int addRecipients(TenantScope tenant, String broadcastId, List<String> leadIds) {
        int added = 0;
        Instant now = Instant.now();
        for (String leadId : leadIds) {
            try {
                tenant.data().insert(new BroadcastRecipient(BroadcastRecipient.id(broadcastId, leadId), tenant.clientCode(),
                        broadcastId, leadId, BroadcastRecipient.PENDING, null, null, now));
                added++;
            } catch (DuplicateKeyException writtenBefore) {
                // the batch ran before and crashed after this lead: once is enough
            }
        }
        return added;
    }

    /** Pending recipients after {@code cursor}, in order. */
    public static List<BroadcastRecipient> pending(TenantScope tenant, String broadcastId, String cursor, int limit) {
        Criteria criteria = Criteria.where("broadcastId").is(broadcastId).and("status").is(BroadcastRecipient.PENDING);
        if (cursor != null) {
            criteria = criteria.and("_id").gt(cursor);
        }
        return tenant.data().find(Query.query(criteria).with(Sort.by("_id")).limit(limit), BroadcastRecipient.class);
    }

    /**
     * Moves a recipient forward: a pending one to its send's outcome ({@code sent}, {@code failed}, {@code skipped}),
     * a sent one along its receipts. Returns whether it moved.
     */
    public static boolean move(TenantScope tenant, String recipientId, String status, String code, String providerMessageId) {
        List<String> from = BroadcastRecipient.SKIPPED.equals(status) ? List.of(BroadcastRecipient.PENDING)
                : MessageStatuses.before(status);
        Update update = new Update().set("status", status).set("updatedAt", Instant.now());
        if (code != null) {
            update.set("code", code);
        }
        if (providerMessageId != null) {
            update.set("providerMessageId", providerMessageId);
        }
        return tenant.data().updateFirst(Query.query(Criteria.where("_id").is(recipientId).and("status").in(from)), update,
                BroadcastRecipient.class).getModifiedCount() > 0;
    }

    /** The recipient a broadcast message belongs to (by its idempotency key), if it is one. */
    public static Optional<String> recipientOf(Message message) {
        String key = message.idempotencyKey();
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(key.substring(KEY_PREFIX.length()));
    }

    /** The counts of a broadcast, read from its recipients. */
    public static BroadcastCounts counts(TenantScope tenant, String broadcastId) {
        Map<String, Long> byStatus = new HashMap<>();
        for (String status : List.of(BroadcastRecipient.PENDING, Message.SENT, Message.DELIVERED, Message.READ,
                Message.FAILED, BroadcastRecipient.SKIPPED)) {
            byStatus.put(status, tenant.data().count(Query.query(Criteria.where("broadcastId").is(broadcastId)
                    .and("status").is(status)), BroadcastRecipient.class));
        }
        long read = byStatus.get(Message.READ);
        long delivered = byStatus.get(Message.DELIVERED) + read;
        long sent = byStatus.get(Message.SENT) + delivered;
        long failed = byStatus.get(Message.FAILED);
        long skipped = byStatus.get(BroadcastRecipient.SKIPPED);
        long pending = byStatus.get(BroadcastRecipient.PENDING);
        return new BroadcastCounts(sent + failed + skipped + pending, sent, delivered, read, failed, skipped, pending);
    }

    /** Every recipient's lead of a broadcast (tests and the e2e check compare it with the outbox). */
    public static List<String> recipientLeads(TenantScope tenant, String broadcastId) {
        List<String> leads = new ArrayList<>();
        tenant.data().find(Query.query(Criteria.where("broadcastId").is(broadcastId)), BroadcastRecipient.class)
                .forEach(recipient -> leads.add(recipient.leadId()));
        return leads;
    }
}
