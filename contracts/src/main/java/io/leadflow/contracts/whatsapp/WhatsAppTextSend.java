package io.leadflow.contracts.whatsapp;

/**
 * One free-form text message to send (only inside the 24-hour customer-service window).
 *
 * @param to the lead's phone in E.164
 * @param body the resolved text, at most 4096 characters
 * @param idempotencyKey workflow id + step: the same key is never sent twice
 */
public record WhatsAppTextSend(String clientCode, String leadId, String to, String body, String idempotencyKey) {
}
