package io.leadflow.shared.config;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inbound messaging settings, under {@code leadflow.messaging.*} (docs/INBOUND.md): the WhatsApp webhook, the live
 * inbox stream, broadcasts, the tenants' scheduled jobs and e-mail unsubscribe links. A record of its own beside
 * {@link LeadflowProperties}, bound from the same {@code leadflow.*} tree.
 *
 * @param whatsapp the platform WhatsApp webhook
 * @param chat the inbox and its live stream
 * @param broadcasts broadcast limits
 * @param schedules the Temporal Schedules every tenant gets
 * @param publicBaseUrl the API's public address ({@code https://api.example.com}), for the one-click
 *     {@code List-Unsubscribe} link of e-mails (env {@code LEADFLOW_PUBLIC_BASE_URL}); empty sends only a
 *     {@code mailto:} unsubscribe
 */
@ConfigurationProperties("leadflow.messaging")
public record MessagingProperties(
        @DefaultValue WhatsApp whatsapp,
        @DefaultValue Chat chat,
        @DefaultValue Broadcasts broadcasts,
        @DefaultValue Schedules schedules,
        @DefaultValue("") String publicBaseUrl) {

    /**
     * @param appSecret a platform-wide Meta app secret (env {@code WHATSAPP_APP_SECRET}): signatures made with it are
     *     accepted for every number, and it is the only way to check a delivery for a number no tenant owns yet
     * @param verifyToken a platform-wide verify token for Meta's subscription handshake (env
     *     {@code WHATSAPP_VERIFY_TOKEN}); each tenant's {@code verifyToken} is accepted too
     * @param dispatchWait how long the webhook's answer may wait for Temporal to take the delivery (0: not at all; the
     *     delivery is stored first, its start goes on in a bounded pool, and a redispatcher starts what that missed)
     * @param redispatchInterval how often deliveries that were stored but not handed to Temporal are handed again
     * @param retention how long raw deliveries are kept (a TTL index)
     * @param statusMatchWindow how long a delivery receipt for a message whose send is not recorded yet is retried
     *     (Meta's receipt can overtake the send's own write); afterwards it is counted unmatched
     */
    public record WhatsApp(
            @DefaultValue("") String appSecret,
            @DefaultValue("") String verifyToken,
            @DefaultValue("0ms") Duration dispatchWait,
            @DefaultValue("30s") Duration redispatchInterval,
            @DefaultValue("30d") Duration retention,
            @DefaultValue("5m") Duration statusMatchWindow) {
    }

    /**
     * @param pollInterval how often each API instance reads new inbox events (one reader per instance)
     * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
     * @param maxStreamDuration how long one stream stays open; the client reconnects (with {@code Last-Event-ID}),
     *     which also bounds how long a rotated key or an expired token keeps a stream alive
     * @param tokenLifetime how long a stream token ({@code POST /api/saas/chat/stream-token}) may be used to connect
     * @param maxStreamsPerTenant open streams per tenant and API instance; more answer 429
     * @param retention how long inbox events are kept for resuming (a TTL index); a client further behind reloads
     * @param gapTimeout how long the reader waits for an event number that was handed out but not yet written before
     *     it moves on (its writer died)
     * @param maxReplay events replayed to one reconnecting client; further behind, it is told to reload
     */
    public record Chat(
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("30m") Duration maxStreamDuration,
            @DefaultValue("5m") Duration tokenLifetime,
            @DefaultValue("20") int maxStreamsPerTenant,
            @DefaultValue("24h") Duration retention,
            @DefaultValue("2s") Duration gapTimeout,
            @DefaultValue("1000") int maxReplay) {
    }

    /**
     * @param maxRecipients the largest audience one broadcast may have
     * @param sendTimeBox how long one send batch runs before it hands back to its workflow (a batch also ends after
     *     500 recipients)
     */
    public record Broadcasts(
            @DefaultValue("100000") int maxRecipients,
            @DefaultValue("60s") Duration sendTimeBox) {
    }

    /**
     * @param enabled whether tenants get their schedules (provisioning and worker start-up create them)
     * @param noContactInterval how often a tenant's {@code no_contact} scan runs
     * @param scoreTime when the daily score recalculation runs, in the tenant's time zone
     * @param jitter how much each run may be spread out, so tenants' jobs do not all start at once
     */
    public record Schedules(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1h") Duration noContactInterval,
            @DefaultValue("03:00") LocalTime scoreTime,
            @DefaultValue("5m") Duration jitter) {
    }
}
