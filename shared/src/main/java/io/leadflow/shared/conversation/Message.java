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
        Instant updatedAt) implements TenantOwned {

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
                null, now, now);
    }
}
