package io.leadflow.contracts.callback;

import java.util.Map;

/**
 * One callback to deliver.
 *
 * @param eventLogId the event this callback reports on; every attempt is logged under it
 * @param webhookId the {@code webhook-id} header, the same on every retry so receivers can drop duplicates; derive
 *     it from the event and step ({@code msg_<eventLogId>_<step>})
 * @param url the receiver, checked by the SSRF guard before every attempt
 * @param payload the JSON body
 */
public record CallbackDelivery(
        String clientCode,
        String eventLogId,
        String webhookId,
        String url,
        Map<String, Object> payload) {
}
