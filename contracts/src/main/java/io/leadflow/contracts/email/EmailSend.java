package io.leadflow.contracts.email;

/**
 * One e-mail to send; at least one of the bodies must be present (both make a multipart/alternative message).
 *
 * @param to the recipient's address
 * @param textBody the plain-text part, resolved
 * @param htmlBody the HTML part, resolved
 * @param idempotencyKey workflow id + step: the same key is never sent twice, and the Message-ID derives from it
 */
public record EmailSend(
        String clientCode,
        String leadId,
        String to,
        String subject,
        String textBody,
        String htmlBody,
        String idempotencyKey) {
}
