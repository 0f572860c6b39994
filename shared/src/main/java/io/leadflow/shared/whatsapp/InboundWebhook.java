package io.leadflow.shared.whatsapp;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One WhatsApp webhook delivery exactly as Meta posted it, in the central database: written before it is processed
 * (persist first), so nothing Meta delivered is lost even if Temporal or the worker is down; a delivery for a number
 * no tenant owns is kept {@link #UNROUTED} for operators.
 *
 * @param bodyHash SHA-256 of the raw body: a repeat of the same delivery is recognised and not stored twice
 * @param body the raw body (UTF-8), byte for byte what was signed
 * @param signature the {@code X-Hub-Signature-256} header it came with (checked again when an unrouted delivery is
 *     routed later)
 * @param verified whether a signature was checked (a delivery for an unknown number, with no platform app secret, can
 *     only be checked once its number is known)
 * @param routes the tenants it concerns and their processing workflows
 * @param unknownNumbers phone number ids in it that no tenant owned when it came (listed for operators)
 * @param status {@link #RECEIVED}, {@link #DISPATCHED}, {@link #UNROUTED}
 */
@Document("whatsapp_webhooks")
public record InboundWebhook(
        @Id String id,
        String bodyHash,
        String body,
        String signature,
        boolean verified,
        List<String> phoneNumberIds,
        List<Route> routes,
        List<String> unknownNumbers,
        String status,
        String note,
        Instant receivedAt,
        Instant updatedAt) {

    public static final String RECEIVED = "received";
    public static final String DISPATCHED = "dispatched";
    public static final String UNROUTED = "unrouted";

    /**
     * One tenant's share of a delivery.
     *
     * @param workflowId its processing workflow ({@code inbound:<clientCode>:<webhookId>}), once started
     */
    public record Route(String clientCode, List<String> phoneNumberIds, int messages, int statuses, String workflowId) {
    }
}
