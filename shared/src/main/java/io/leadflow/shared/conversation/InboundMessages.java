package io.leadflow.shared.conversation;

import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Inbound messages of a tenant: stored once per {@code wamid} (the unique {@code inboundKey} decides, so two
 * deliveries of one message racing each other still store one), and each new one moves its conversation: last
 * message, {@code lastInboundAt} (the 24-hour window) and one more unread.
 */
public final class InboundMessages {

    private static final int PREVIEW_LENGTH = 120;

    private InboundMessages() {
    }

    /** The stored message, and whether an earlier delivery had already stored it. */
    public record Recorded(Message message, boolean duplicate) {
    }

    public static Optional<Message> byWamid(TenantScope tenant, String wamid) {
        return tenant.data().findOne(Query.query(Criteria.where("inboundKey").is(tenant.clientCode() + ":" + wamid)),
                Message.class);
    }

    /** Stores {@code draft} (from {@link Message#inbound}) unless its {@code wamid} is stored already. */
    public static Recorded record(TenantScope tenant, Message draft) {
        Optional<Message> existing = byWamid(tenant, draft.providerMessageId());
        if (existing.isPresent()) {
            return new Recorded(existing.get(), true);
        }
        Message stored;
        try {
            stored = tenant.data().insert(draft);
        } catch (DuplicateKeyException raced) {
            return new Recorded(byWamid(tenant, draft.providerMessageId()).orElseThrow(() -> raced), true);
        }
        Instant at = draft.providerTimestamp() != null ? draft.providerTimestamp() : draft.createdAt();
        tenant.data().updateFirst(Query.query(Criteria.where("_id").is(draft.conversationId())), new Update()
                .max("lastMessageAt", at)
                .max("lastInboundAt", at)
                .set("lastMessagePreview", preview(draft))
                .set("lastDirection", Message.INBOUND)
                .set("status", Conversation.OPEN)
                .inc("unreadCount", 1)
                .set("updatedAt", Instant.now()), Conversation.class);
        return new Recorded(stored, false);
    }

    private static String preview(Message message) {
        String text = message.body() != null ? message.body() : "[" + message.type() + "]";
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "…";
    }
}
