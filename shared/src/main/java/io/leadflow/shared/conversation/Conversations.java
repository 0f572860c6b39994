package io.leadflow.shared.conversation;

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

/**
 * Reads and writes a tenant's conversations and messages. The outbound protocol that makes sends idempotent:
 * {@link #claim} the idempotency key (a {@code pending} message), call the provider, then {@link #markSent}.
 * A retry that finds the key already {@code sent} returns it without calling the provider again.
 */
public final class Conversations {

    private static final int PREVIEW_LENGTH = 120;

    private Conversations() {
    }

    /** Indexes of the tenant's conversation tables; safe to call repeatedly. */
    public static void ensureIndexes(ScopedMongo data) {
        data.indexOps(Conversation.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("leadId", Sort.Direction.ASC).on("channel", Sort.Direction.ASC)
                .unique());
        data.indexOps(Conversation.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("channel", Sort.Direction.ASC).on("contact", Sort.Direction.ASC));
        data.indexOps(Conversation.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("lastMessageAt", Sort.Direction.DESC));
        data.indexOps(Message.class).createIndex(new Index("idempotencyScope", Sort.Direction.ASC).unique().sparse());
        data.indexOps(Message.class).createIndex(new Index("inboundKey", Sort.Direction.ASC).unique().sparse());
        data.indexOps(Message.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("providerMessageId", Sort.Direction.ASC));
        data.indexOps(Message.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("conversationId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.ASC));
    }

    /** The lead's conversation on a channel, opened on first use. */
    public static Conversation open(TenantScope tenant, String leadId, String channel, String contact) {
        if (leadId == null || leadId.isBlank()) {
            throw new IllegalArgumentException("a conversation needs a lead");
        }
        Query key = Query.query(Criteria.where("leadId").is(leadId).and("channel").is(channel));
        Optional<Conversation> existing = tenant.data().findOne(key, Conversation.class);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = Instant.now();
        try {
            return tenant.data().insert(new Conversation(null, tenant.clientCode(), leadId, channel, contact,
                    Conversation.OPEN, null, null, null, null, 0, now, now, null));
        } catch (DuplicateKeyException raced) {
            return tenant.data().findOne(key, Conversation.class).orElseThrow(() -> raced);
        }
    }

    /** The lead's conversation on a channel, if it has one. */
    public static Optional<Conversation> of(TenantScope tenant, String leadId, String channel) {
        return tenant.data().findOne(Query.query(Criteria.where("leadId").is(leadId).and("channel").is(channel)),
                Conversation.class);
    }

    /** When the lead last wrote on a channel: what opens WhatsApp's 24-hour customer-service window. */
    public static Optional<Instant> lastInbound(TenantScope tenant, String leadId, String channel) {
        return of(tenant, leadId, channel).map(Conversation::lastInboundAt);
    }

    public static Optional<Conversation> conversation(TenantScope tenant, String id) {
        return tenant.data().findById(id, Conversation.class);
    }

    public static Optional<Message> byIdempotencyKey(TenantScope tenant, String idempotencyKey) {
        return tenant.data().findOne(Query.query(Criteria.where("idempotencyScope")
                .is(tenant.clientCode() + ":" + idempotencyKey)), Message.class);
    }

    /** One page of the tenant's conversations, most recent message first; {@code page} starts at 1. */
    public static List<Conversation> page(TenantScope tenant, String channel, boolean unreadOnly, int page, int limit) {
        return tenant.data().find(filter(channel, unreadOnly)
                .with(Sort.by(Sort.Direction.DESC, "lastMessageAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .skip((long) (page - 1) * limit).limit(limit), Conversation.class);
    }

    public static long count(TenantScope tenant, String channel, boolean unreadOnly) {
        return tenant.data().count(filter(channel, unreadOnly), Conversation.class);
    }

    private static Query filter(String channel, boolean unreadOnly) {
        Query query = new Query();
        if (channel != null && !channel.isBlank()) {
            query.addCriteria(Criteria.where("channel").is(channel));
        }
        if (unreadOnly) {
            query.addCriteria(Criteria.where("unreadCount").gt(0));
        }
        return query;
    }

    /** One page of a conversation's messages, newest first; {@code page} starts at 1. */
    public static List<Message> messagePage(TenantScope tenant, String conversationId, int page, int limit) {
        return tenant.data().find(Query.query(Criteria.where("conversationId").is(conversationId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .skip((long) (page - 1) * limit).limit(limit), Message.class);
    }

    public static long messageCount(TenantScope tenant, String conversationId) {
        return tenant.data().count(Query.query(Criteria.where("conversationId").is(conversationId)), Message.class);
    }

    /** An agent read the conversation: nothing is unread any more. */
    public static Optional<Conversation> markRead(TenantScope tenant, String conversationId) {
        Instant now = Instant.now();
        return tenant.data().findAndModify(byId(conversationId), new Update().set("unreadCount", 0)
                .set("lastReadAt", now).set("updatedAt", now), Conversation.class);
    }

    /** The messages of one conversation, oldest first. */
    public static List<Message> messages(TenantScope tenant, String conversationId, int limit) {
        return tenant.data().find(Query.query(Criteria.where("conversationId").is(conversationId))
                .with(Sort.by(Sort.Direction.ASC, "createdAt")).limit(limit), Message.class);
    }

    /**
     * The outcome of claiming an idempotency key: the message that holds it, and whether it was already there
     * (a retry, or a second caller with the same key).
     */
    public record Claim(Message message, boolean existing) {

        /** True when the provider has already accepted this message: send nothing, answer with it. */
        public boolean alreadySent() {
            return existing && !Message.PENDING.equals(message.status()) && !Message.FAILED.equals(message.status());
        }
    }

    /** Saves {@code draft} as the holder of its idempotency key, or returns the message that already holds it. */
    public static Claim claim(TenantScope tenant, Message draft) {
        Optional<Message> existing = byIdempotencyKey(tenant, draft.idempotencyKey());
        if (existing.isPresent()) {
            return new Claim(existing.get(), true);
        }
        try {
            return new Claim(tenant.data().insert(draft), false);
        } catch (DuplicateKeyException raced) {
            return new Claim(byIdempotencyKey(tenant, draft.idempotencyKey()).orElseThrow(() -> raced), true);
        }
    }

    /** Counts a provider call about to start. */
    public static void startAttempt(TenantScope tenant, String messageId) {
        tenant.data().updateFirst(byId(messageId),
                new Update().inc("attempts", 1).set("updatedAt", Instant.now()), Message.class);
    }

    /** Records the provider's acceptance and moves the conversation's last-message fields. */
    public static Message markSent(TenantScope tenant, Message message, String providerMessageId) {
        Instant now = Instant.now();
        Message sent = tenant.data().findAndModify(byId(message.id()), new Update()
                        .set("status", Message.SENT)
                        .set("providerMessageId", providerMessageId)
                        .unset("error")
                        .set("updatedAt", now)
                        .push("statuses", new Message.StatusChange(Message.SENT, now, null)), Message.class)
                .orElseThrow(() -> new IllegalStateException("message " + message.id() + " vanished"));
        tenant.data().updateFirst(byId(message.conversationId()), new Update()
                .set("contact", message.to())
                .set("lastMessageAt", now)
                .set("lastMessagePreview", preview(message))
                .set("lastDirection", Message.OUTBOUND)
                .set("updatedAt", now), Conversation.class);
        return sent;
    }

    /**
     * Records a failed attempt. A transient failure leaves the message {@code pending} (a retry will send it); a
     * permanent one marks it {@code failed}.
     */
    public static void markFailed(TenantScope tenant, String messageId, String code, String reason, boolean permanent) {
        Instant now = Instant.now();
        Update update = new Update()
                .set("error", new Message.MessageError(code, reason, now))
                .set("updatedAt", now);
        if (permanent) {
            update.set("status", Message.FAILED).push("statuses", new Message.StatusChange(Message.FAILED, now, reason));
        }
        tenant.data().updateFirst(byId(messageId), update, Message.class);
    }

    private static String preview(Message message) {
        String text = message.subject() != null ? message.subject()
                : message.body() != null ? message.body()
                : message.templateName() != null ? "[template " + message.templateName() + "]" : "";
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "…";
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
