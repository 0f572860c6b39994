package io.leadflow.shared.conversation;

import io.leadflow.shared.tenant.TenantOwned;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message in a {@link Conversation}, in the tenant's database. Outbound sends write it as
 * {@code pending} before calling the provider and move it to {@code sent} with the provider's id, so a retried
 * activity finds it and does not send twice. Delivery receipts and inbound messages (a later issue) use the
 * same document: they find it by {@code providerMessageId} and append to {@code statuses}.
 *
 * @param direction {@link #OUTBOUND} or {@link #INBOUND}
 * @param type {@code template}, {@code text} or {@code email}
 * @param from our sender (phone number id, e-mail address) for outbound; the lead's address for inbound
 * @param to the recipient: E.164 phone or e-mail address
 * @param bodyVariables resolved template body parameters, in order ({@code {{1}}}, {@code {{2}}}, ...)
 * @param headerVariables resolved template header parameters
 * @param body text body (free-form WhatsApp text, e-mail text part)
 * @param html e-mail HTML part
 * @param providerMessageId WhatsApp {@code wamid}, e-mail {@code Message-ID}
 * @param status {@code pending → sent → delivered → read}, or {@code failed}; {@code received} for inbound
 * @param statuses every status change, oldest first
 * @param idempotencyKey the sender's key (workflow id + step); unique per tenant
 * @param idempotencyScope {@code clientCode + ":" + idempotencyKey}, the unique index
 * @param attempts how many times a provider call was started for this message
 * @param error the last failure, null once sent
 * @param inboundKey {@code clientCode + ":" + wamid} of an inbound message, the unique index that dedupes deliveries
 * @param content what an inbound message carried besides text (media id and caption, a button's payload, a location)
 * @param providerTimestamp when the provider says the message was sent (inbound) or the status happened
 */
@Document("messages")
public record Message(
        @Id String id,
        String clientCode,
        String conversationId,
        String leadId,
        String channel,
        String direction,
        String type,
        String from,
        String to,
        String templateName,
        String language,
        List<String> bodyVariables,
        List<String> headerVariables,
        String subject,
        String body,
        String html,
        String providerMessageId,
        String status,
        List<StatusChange> statuses,
        String idempotencyKey,
        String idempotencyScope,
        int attempts,
        MessageError error,
        Instant createdAt,
        Instant updatedAt,
        String inboundKey,
        java.util.Map<String, Object> content,
        Instant providerTimestamp) implements TenantOwned {

    public static final String OUTBOUND = "outbound";
    public static final String INBOUND = "inbound";

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";
    public static final String RECEIVED = "received";

    public static final String TYPE_TEMPLATE = "template";
    public static final String TYPE_TEXT = "text";
    public static final String TYPE_EMAIL = "email";

    /** One step of the message's life; {@code detail} carries a provider's error or receipt note. */
    public record StatusChange(String status, Instant at, String detail) {
    }

    /** Why the last attempt failed, with a stable code ({@code PROVIDER_PERMANENT}, ...). */
    public record MessageError(String code, String message, Instant at) {
    }

    /** A new outbound message, not yet saved. */
    public static Message outbound(String clientCode, String conversationId, String leadId, String channel, String type,
            String from, String to, String templateName, String language, List<String> bodyVariables,
            List<String> headerVariables, String subject, String body, String html, String idempotencyKey) {
        Instant now = Instant.now();
        return new Message(null, clientCode, conversationId, leadId, channel, OUTBOUND, type, from, to, templateName,
                language, bodyVariables, headerVariables, subject, body, html, null, PENDING,
                List.of(new StatusChange(PENDING, now, null)), idempotencyKey, clientCode + ":" + idempotencyKey, 0,
                null, now, now, null, null, null);
    }

    /**
     * A new inbound message, not yet saved.
     *
     * @param type Meta's message type ({@code text}, {@code image}, {@code button}, ...)
     * @param from the lead's number in E.164
     * @param to the receiving phone number id
     */
    public static Message inbound(String clientCode, String conversationId, String leadId, String type, String from,
            String to, String body, java.util.Map<String, Object> content, String wamid, Instant sentAt) {
        Instant now = Instant.now();
        return new Message(null, clientCode, conversationId, leadId, Channels.WHATSAPP, INBOUND, type, from, to, null,
                null, null, null, null, body, null, wamid, RECEIVED, List.of(new StatusChange(RECEIVED, now, null)),
                null, null, 0, null, now, now, clientCode + ":" + wamid, content, sentAt);
    }

    /** How far an outbound status is along {@code sent → delivered → read}; {@code failed} ends it from anywhere. */
    public static int rank(String status) {
        return switch (status == null ? "" : status) {
            case PENDING -> 0;
            case SENT -> 1;
            case DELIVERED -> 2;
            case READ -> 3;
            case FAILED -> 4;
            default -> -1;
        };
    }
}
