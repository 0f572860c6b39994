package io.leadflow.shared.conversation;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One thread with a lead on one channel, in the tenant's database: the unit the inbox lists. Outbound sends and
 * inbound messages open it; an inbound message moves {@code lastInboundAt}, which opens WhatsApp's 24-hour
 * customer-service window, and counts as unread until an agent reads the conversation.
 *
 * @param channel {@link Channels#WHATSAPP} or {@link Channels#EMAIL}
 * @param contact the lead's address on that channel: E.164 phone or e-mail address
 * @param status {@code open} or {@code closed}
 * @param lastDirection {@link Message#OUTBOUND} or {@link Message#INBOUND}
 * @param lastInboundAt when the lead last wrote to us, null if never
 * @param unreadCount inbound messages no agent has read yet
 * @param lastReadAt when an agent last marked the conversation read
 */
@Document("conversations")
public record Conversation(
        @Id String id,
        String clientCode,
        String leadId,
        String channel,
        String contact,
        String status,
        Instant lastMessageAt,
        String lastMessagePreview,
        String lastDirection,
        Instant lastInboundAt,
        int unreadCount,
        Instant createdAt,
        Instant updatedAt,
        Instant lastReadAt) implements TenantOwned {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
}
