package io.leadflow.contracts.inbound;

/**
 * One stored WhatsApp webhook delivery to process for one tenant.
 *
 * @param webhookId the stored raw delivery ({@code whatsapp_webhooks} in the central database)
 * @param messages how many inbound messages the delivery carries for this tenant (for the operator's summary)
 * @param statuses how many status updates it carries for this tenant
 */
public record InboundInput(String clientCode, String webhookId, int messages, int statuses) {
}
