package io.leadflow.shared.config;

import io.leadflow.contracts.channel.ChannelActivityOptions;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every Leadflow setting, under the single {@code leadflow.*} prefix. Environment variables named in
 * the README override the defaults through {@code application.yml} placeholders.
 *
 * @param mongo where central and tenant data live
 * @param temporal task queue and search-attribute behaviour
 * @param security secrets for admin tokens and credential encryption
 * @param api request limits of the public REST API
 * @param engine automation engine guards
 * @param channels outbound provider settings (WhatsApp, email, Meet, callbacks)
 * @param devMode development mode (env {@code LEADFLOW_DEV_MODE}): only then do api and worker start with the public
 *     development secrets (the defaults of {@code jwt-secret} and {@code encryption-key}); the local stack and the
 *     tests switch it on, production never should
 */
@ConfigurationProperties("leadflow")
public record LeadflowProperties(
        @DefaultValue("false") boolean devMode,
        @DefaultValue Mongo mongo,
        @DefaultValue Temporal temporal,
        @DefaultValue Security security,
        @DefaultValue Api api,
        @DefaultValue Engine engine,
        @DefaultValue Channels channels) {

    /**
     * @param uri MongoDB connection string (env {@code MONGODB_URI}); empty starts an embedded MongoDB-wire server
     * @param centralDatabase name of the central database holding clients, secrets and event logs
     * @param tenantDatabasePrefix prefix of the per-tenant database name when a client has no data source of its own
     * @param embeddedDataDir directory for the embedded store's file (empty keeps it in memory)
     */
    public record Mongo(
            @DefaultValue("") String uri,
            @DefaultValue("services") String centralDatabase,
            @DefaultValue("tenant_") String tenantDatabasePrefix,
            @DefaultValue("") String embeddedDataDir) {
    }

    /**
     * @param taskQueue task queue every Leadflow workflow and activity runs on
     * @param searchAttributes whether workflows carry the custom search attributes (ClientCode, LeadId, Trigger, RuleId)
     * @param registerSearchAttributes whether the worker registers the custom search attributes on start-up
     * @param acceptTimeout how long the API waits for a trigger workflow to accept an event before answering 202
     * @param dispatchWait how long a trigger's answer waits for the engine to take the event (its sequences started or
     *     its workflow started); past that the API answers 202 and the dispatch finishes on its own, so the answer time
     *     stays bounded when the engine is under load (0 always waits)
     */
    public record Temporal(
            @DefaultValue("leadflow") String taskQueue,
            @DefaultValue("true") boolean searchAttributes,
            @DefaultValue("true") boolean registerSearchAttributes,
            @DefaultValue("10s") Duration acceptTimeout,
            @DefaultValue("100ms") Duration dispatchWait) {
    }

    /**
     * @param jwtSecret HS256 secret of admin bearer tokens (env {@code CORE_JWT_SECRET}), at least 32 bytes
     * @param encryptionKey base64 AES-256 key for provider credentials at rest (env {@code SECRETS_ENCRYPTION_KEY})
     * @param adminTokenMaxLifetime longest lifetime an admin token may have ({@code exp - iat}, or {@code exp - now}
     *     without {@code iat}); tokens without {@code exp} or living longer are refused
     * @param clientCacheTtl how long a tenant and its key hashes are served from memory (every request and every step
     *     reads them): a suspension or key rotation applies at once in the process that made it, and in the others
     *     within this time (0 reads the database every time)
     */
    public record Security(
            @DefaultValue(DEV_JWT_SECRET) String jwtSecret,
            @DefaultValue(DEV_ENCRYPTION_KEY) String encryptionKey,
            @DefaultValue("12h") Duration adminTokenMaxLifetime,
            @DefaultValue("5s") Duration clientCacheTtl) {

        /** The public development default of {@code jwt-secret}: in this repository, so never for production. */
        public static final String DEV_JWT_SECRET = "dev-only-core-jwt-secret-change-me-0123456789";
        /** The public development default of {@code encryption-key}. */
        public static final String DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    }

    /**
     * @param maxBodySize largest request body accepted; larger answers 413
     * @param globalRequestsPerMinute requests per minute per client IP across the whole API (every route, answered
     *     or refused)
     * @param tenantRequestsPerMinute requests per minute per tenant across every tenant route
     * @param triggerRequestsPerMinute trigger calls per minute per tenant
     * @param eventRequestsPerMinute business events ({@code POST /api/crm/automations/events}) per minute per tenant
     * @param leadCreatesPerMinute lead creations ({@code POST /api/crm/leads}) per minute per tenant
     * @param trustedProxies CIDRs of reverse proxies whose {@code X-Forwarded-For} is believed (empty: the socket's
     *     address is the client's, always)
     * @param redispatchInterval how often events stuck in {@code received} (Temporal was down) are started again
     * @param bulkConcurrency how many signals bulk operations send at once, across all bulk jobs of an API process
     * @param bulkStaleAfter a running bulk job whose process has not reported progress for this long (it stopped) is
     *     taken over and resumed by another API process, or by the same one after a restart
     */
    public record Api(
            @DefaultValue("256KB") DataSize maxBodySize,
            @DefaultValue("1200") int globalRequestsPerMinute,
            @DefaultValue("600") int tenantRequestsPerMinute,
            @DefaultValue("60") int triggerRequestsPerMinute,
            @DefaultValue("120") int eventRequestsPerMinute,
            @DefaultValue("120") int leadCreatesPerMinute,
            @DefaultValue List<String> trustedProxies,
            @DefaultValue("30s") Duration redispatchInterval,
            @DefaultValue("16") int bulkConcurrency,
            @DefaultValue("1m") Duration bulkStaleAfter) {
    }

    /**
     * @param maxTriggerDepth how many internal triggers one chain of actions may fire before the loop guard cuts it
     * @param maxTriggersPerLeadPerMinute internal triggers per lead per minute before the loop guard cuts them
     * @param defaultTimezone time zone of send windows and local-time waits when neither lead nor tenant has one
     * @param ruleCacheTtl how long the active rules of a trigger are served from memory when planning events; edits
     *     through this process apply at once, another process sees them within this time (0 disables the cache)
     * @param reconcileInterval how often the sequences index and the event log are checked against Temporal for runs
     *     Temporal closed without them (terminated, timed out, failed, cancelled from the UI); the bound on how long
     *     they may disagree
     * @param reconcileStaleAfter open index entries not heard of for this long are described one by one (the path that
     *     works without visibility queries, and catches runs whose own closing write was lost)
     */
    public record Engine(
            @DefaultValue("5") int maxTriggerDepth,
            @DefaultValue("30") int maxTriggersPerLeadPerMinute,
            @DefaultValue("UTC") String defaultTimezone,
            @DefaultValue("5s") Duration ruleCacheTtl,
            @DefaultValue("10s") Duration reconcileInterval,
            @DefaultValue("10m") Duration reconcileStaleAfter) {
    }

    /**
     * @param whatsappBaseUrl Meta Graph API base URL
     * @param whatsappApiVersion Graph API version segment, e.g. {@code v21.0}
     * @param whatsappMessagesPerSecond per-tenant send rate (token bucket)
     * @param googleCalendarRootUrl Google Calendar API root URL (tests point it at a local server)
     * @param googleTokenUrl OAuth token endpoint for service-account and refresh-token credentials
     * @param allowPrivateTargets allow callbacks and webhooks to loopback/private addresses (local development only)
     * @param callbackRetryWindow how long a signed callback or webhook step keeps retrying, from its first attempt;
     *     when it closes the attempt log ends {@code failed} (at most 7 days, the workflow-side bound)
     */
    public record Channels(
            @DefaultValue("https://graph.facebook.com") String whatsappBaseUrl,
            @DefaultValue("v21.0") String whatsappApiVersion,
            @DefaultValue("80") int whatsappMessagesPerSecond,
            @DefaultValue("https://www.googleapis.com/") String googleCalendarRootUrl,
            @DefaultValue("https://oauth2.googleapis.com/token") String googleTokenUrl,
            @DefaultValue("false") boolean allowPrivateTargets,
            @DefaultValue("24h") Duration callbackRetryWindow) {

        public Channels {
            if (callbackRetryWindow.isNegative() || callbackRetryWindow.isZero()
                    || callbackRetryWindow.compareTo(ChannelActivityOptions.CALLBACK_OUTER_BOUND) > 0) {
                throw new IllegalArgumentException("leadflow.channels.callback-retry-window must be more than 0 and at"
                        + " most " + ChannelActivityOptions.CALLBACK_OUTER_BOUND.toDays() + " days, not "
                        + callbackRetryWindow);
            }
        }
    }
}
