package io.leadflow.contracts.inbox;

import java.util.List;

/**
 * A reply an agent sends from the inbox: free text, or a template with resolved variables. The API has already
 * recorded it as a {@code pending} message under {@code idempotencyKey}; the send completes that message.
 *
 * @param to the lead's WhatsApp number in E.164
 * @param text free-form text (only inside the 24-hour customer-service window), or null for a template
 * @param idempotencyKey {@code reply:<clientMessageId>}: the same reply is never sent twice
 */
public record InboxReply(
        String clientCode,
        String leadId,
        String conversationId,
        String to,
        String text,
        String templateName,
        String language,
        List<String> bodyVariables,
        List<String> headerVariables,
        String idempotencyKey) {
}
