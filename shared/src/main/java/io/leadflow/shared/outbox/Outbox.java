package io.leadflow.shared.outbox;

import io.leadflow.shared.tenant.ScopedMongo;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Reads and writes a sandbox tenant's outbox. One row per idempotency key, so retries never add a second. */
public final class Outbox {

    /** Most rows one listing returns. */
    public static final int MAX_LIMIT = 200;

    private Outbox() {
    }

    /** Indexes of the tenant's outbox; safe to call repeatedly. */
    public static void ensureIndexes(ScopedMongo data) {
        data.indexOps(OutboxMessage.class).createIndex(new Index("idempotencyScope", Sort.Direction.ASC).unique().sparse());
        data.indexOps(OutboxMessage.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
    }

    /** The outcome of writing to the outbox: the row, and whether an earlier call had already written it. */
    public record Recorded(OutboxMessage message, boolean duplicate) {
    }

    /** Writes a row, or returns the one already holding its idempotency key. */
    public static Recorded record(TenantScope tenant, OutboxMessage message) {
        Optional<OutboxMessage> existing = byIdempotencyKey(tenant, message.idempotencyKey());
        if (existing.isPresent()) {
            return new Recorded(existing.get(), true);
        }
        try {
            return new Recorded(tenant.data().insert(message), false);
        } catch (DuplicateKeyException raced) {
            return new Recorded(byIdempotencyKey(tenant, message.idempotencyKey()).orElseThrow(() -> raced), true);
        }
    }

    public static Optional<OutboxMessage> byIdempotencyKey(TenantScope tenant, String idempotencyKey) {
        return tenant.data().findOne(Query.query(Criteria.where("idempotencyScope")
                .is(tenant.clientCode() + ":" + idempotencyKey)), OutboxMessage.class);
    }

    /** The tenant's outbox, newest first, optionally narrowed to one channel and one lead. */
    public static List<OutboxMessage> list(TenantScope tenant, String channel, String leadId, int limit) {
        return list(tenant, channel, leadId, limit, 1);
    }

    /** One page of {@link #list}; {@code page} starts at 1 (a sandbox broadcast's thousands of rows, say). */
    public static List<OutboxMessage> list(TenantScope tenant, String channel, String leadId, int limit, int page) {
        Query query = new Query();
        if (channel != null && !channel.isBlank()) {
            query.addCriteria(Criteria.where("channel").is(channel));
        }
        if (leadId != null && !leadId.isBlank()) {
            query.addCriteria(Criteria.where("leadId").is(leadId));
        }
        int capped = Math.max(1, Math.min(limit, MAX_LIMIT));
        return tenant.data().find(query.with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .skip((long) (Math.max(1, page) - 1) * capped).limit(capped), OutboxMessage.class);
    }
}
