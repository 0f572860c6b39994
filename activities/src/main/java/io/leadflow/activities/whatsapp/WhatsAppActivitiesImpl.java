package io.leadflow.activities.whatsapp;

import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.channel.PooledConnections;
import io.leadflow.activities.channel.ProviderFailures;
import io.leadflow.activities.channel.RetryAfter;
import io.leadflow.contracts.channel.SendResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.whatsapp.WhatsAppActivities;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.contracts.whatsapp.WhatsAppTextSend;
import io.leadflow.shared.client.Client;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.conversation.Message;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.ratelimit.TokenBuckets;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends WhatsApp messages through the Meta Cloud API ({@code POST /{version}/{phoneNumberId}/messages}) with the
 * tenant's own number and token, at most {@code leadflow.channels.whatsapp-messages-per-second} per tenant.
 * Each message is claimed in the tenant's {@code messages} collection before the call and marked {@code sent} with
 * its {@code wamid} after, so a retried activity does not send again.
 */
@Component
public class WhatsAppActivitiesImpl implements WhatsAppActivities {

    static final String PROVIDER = "whatsapp";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final int MAX_TEXT_LENGTH = 4096;
    /** Meta's customer-service window: free-form text only this long after the lead's last message. */
    static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    /** Waits for a send token up to this long in-process; longer waits go back to Temporal as a retry delay. */
    private static final Duration MAX_LOCAL_WAIT = Duration.ofSeconds(1);

    private final ChannelLedger ledger;
    private final HttpUrl baseUrl;
    private final String apiVersion;
    private final int defaultRate;
    private final Map<Integer, TokenBuckets> sendRates = new java.util.concurrent.ConcurrentHashMap<>();
    private final PooledConnections http;
    private final JsonMapper json = JsonMapper.shared();

    public WhatsAppActivitiesImpl(ChannelLedger ledger, LeadflowProperties properties) {
        LeadflowProperties.Channels channels = properties.channels();
        this.ledger = ledger;
        this.baseUrl = HttpUrl.get(channels.whatsappBaseUrl());
        this.apiVersion = channels.whatsappApiVersion();
        this.defaultRate = channels.whatsappMessagesPerSecond();
        // A connection Meta (or a proxy in front of it) closed while idle never fails a send: PooledConnections.
        this.http = PooledConnections.of(new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(25))
                .followRedirects(false));
    }

    @Override
    public SendResult sendTemplate(WhatsAppTemplateSend send) {
        return ledger.metered(send.clientCode(), Channels.WHATSAPP, () -> template(send), ChannelLedger::outcomeOf);
    }

    private SendResult template(WhatsAppTemplateSend send) {
        TenantScope tenant = ledger.tenant(send.clientCode());
        ledger.requireActive(tenant.clientCode());
        String key = ledger.idempotencyKey(send.idempotencyKey());
        String language = send.language() == null || send.language().isBlank() ? "en" : send.language();
        List<String> body = send.bodyVariables() == null ? List.of() : send.bodyVariables();
        List<String> header = send.headerVariables() == null ? List.of() : send.headerVariables();
        Map<String, Object> details = details(send.to(), key);
        details.put("templateName", send.templateName());

        requireRecipient(tenant, send.leadId(), send.to(), details);
        if (send.templateName() == null || send.templateName().isBlank()) {
            throw ledger.failed(tenant, send.leadId(), Channels.WHATSAPP, null,
                    ProviderFailures.permanent("WhatsApp template name is missing"), details);
        }
        Draft draft = (conversationId, phone) -> Message.outbound(tenant.clientCode(), conversationId, send.leadId(),
                Channels.WHATSAPP, Message.TYPE_TEMPLATE, phone, send.to(), send.templateName(), language, body,
                header, null, null, null, key);
        if (ledger.sandbox(tenant.clientCode())) {
            return sandbox(tenant, send.leadId(), send.to(), key, draft, new OutboxMessage(null, tenant.clientCode(),
                    Channels.WHATSAPP, send.leadId(), send.to(), send.templateName(), language, body, header, null, null,
                    null, key, tenant.clientCode() + ":" + key, sandboxId(tenant, key), Instant.now(), null));
        }
        ObjectNode template = json.createObjectNode();
        template.put("name", send.templateName());
        template.putObject("language").put("code", language);
        ArrayNode components = template.putArray("components");
        if (!header.isEmpty()) {
            textParameters(components.addObject().put("type", "header"), header);
        }
        if (!body.isEmpty()) {
            textParameters(components.addObject().put("type", "body"), body);
        }
        return deliver(tenant, send.leadId(), send.to(), key, details, "template", template, draft);
    }

    @Override
    public SendResult sendText(WhatsAppTextSend send) {
        return ledger.metered(send.clientCode(), Channels.WHATSAPP, () -> text(send), ChannelLedger::outcomeOf);
    }

    private SendResult text(WhatsAppTextSend send) {
        TenantScope tenant = ledger.tenant(send.clientCode());
        ledger.requireActive(tenant.clientCode());
        String key = ledger.idempotencyKey(send.idempotencyKey());
        Map<String, Object> details = details(send.to(), key);

        requireRecipient(tenant, send.leadId(), send.to(), details);
        if (send.body() == null || send.body().isBlank() || send.body().length() > MAX_TEXT_LENGTH) {
            throw ledger.failed(tenant, send.leadId(), Channels.WHATSAPP, null, ProviderFailures.permanent(
                    "WhatsApp text must have 1 to " + MAX_TEXT_LENGTH + " characters"), details);
        }
        requireServiceWindow(tenant, send.leadId(), key, details);
        Draft draft = (conversationId, phone) -> Message.outbound(tenant.clientCode(), conversationId, send.leadId(),
                Channels.WHATSAPP, Message.TYPE_TEXT, phone, send.to(), null, null, null, null, null, send.body(), null,
                key);
        if (ledger.sandbox(tenant.clientCode())) {
            return sandbox(tenant, send.leadId(), send.to(), key, draft, new OutboxMessage(null, tenant.clientCode(),
                    Channels.WHATSAPP, send.leadId(), send.to(), null, null, null, null, null, send.body(), null, key,
                    tenant.clientCode() + ":" + key, sandboxId(tenant, key), Instant.now(), null));
        }
        ObjectNode text = json.createObjectNode();
        text.put("preview_url", false);
        text.put("body", send.body());
        return deliver(tenant, send.leadId(), send.to(), key, details, "text", text, draft);
    }

    /**
     * Meta delivers free-form text only within 24 hours of the lead's last message (the customer-service window); a
     * template is always allowed. Refused here, before any provider call, as Meta would (its error 131047), in the
     * sandbox too. A message already queued under the key (an inbox reply) is marked failed with the same code.
     */
    private void requireServiceWindow(TenantScope tenant, String leadId, String key, Map<String, Object> details) {
        Instant lastInbound = Conversations.lastInbound(tenant, leadId, Channels.WHATSAPP).orElse(null);
        if (lastInbound != null && lastInbound.isAfter(Instant.now().minus(SERVICE_WINDOW))) {
            return;
        }
        ApplicationFailure refused = ApplicationFailure.newNonRetryableFailure(lastInbound == null
                        ? "free-form WhatsApp text needs the lead to have written first (24-hour window); send a template"
                        : "the lead last wrote at " + lastInbound + ", more than 24 hours ago; send a template",
                ErrorCode.OUTSIDE_SERVICE_WINDOW.name());
        Message queued = Conversations.byIdempotencyKey(tenant, key).orElse(null);
        throw ledger.failed(tenant, leadId, Channels.WHATSAPP,
                queued != null && Message.PENDING.equals(queued.status()) ? queued : null, refused, details);
    }

    /** Builds the draft message once its conversation and the sending number are known. */
    private interface Draft {
        Message of(String conversationId, String phoneNumberId);
    }

    private SendResult sandbox(TenantScope tenant, String leadId, String to, String key, Draft draft, OutboxMessage row) {
        Conversation conversation = ledger.conversation(tenant, leadId, Channels.WHATSAPP, to);
        Conversations.Claim claim = ledger.claim(tenant, draft.of(conversation.id(), "sandbox"));
        if (claim.alreadySent()) {
            return new SendResult(Channels.WHATSAPP, claim.message().providerMessageId(), SendResult.SANDBOXED, true);
        }
        return ledger.sandboxed(tenant, claim.message(), row);
    }

    private SendResult deliver(TenantScope tenant, String leadId, String to, String key, Map<String, Object> details,
            String type, ObjectNode content, Draft draft) {
        WhatsAppCredentials credentials = credentials(tenant, leadId, details);
        Conversation conversation = ledger.conversation(tenant, leadId, Channels.WHATSAPP, to);
        Conversations.Claim claim = ledger.claim(tenant, draft.of(conversation.id(), credentials.phoneNumberId()));
        if (claim.alreadySent()) {
            return ledger.alreadySent(claim.message());
        }
        Message message = claim.message();

        ObjectNode payload = json.createObjectNode();
        payload.put("messaging_product", "whatsapp");
        payload.put("recipient_type", "individual");
        payload.put("to", to.substring(1));
        payload.put("type", type);
        payload.set(type, content);

        try {
            throttle(tenant.clientCode());
            String wamid = post(credentials, payload);
            return ledger.sent(tenant, message, wamid);
        } catch (ApplicationFailure failure) {
            throw ledger.failed(tenant, leadId, Channels.WHATSAPP, message, failure, details);
        }
    }

    private String post(WhatsAppCredentials credentials, ObjectNode payload) {
        HttpUrl url = baseUrl.newBuilder()
                .addPathSegment(apiVersion)
                .addPathSegment(credentials.phoneNumberId())
                .addPathSegment("messages")
                .build();
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + credentials.accessToken())
                .post(RequestBody.create(json.writeValueAsString(payload), JSON))
                .build();
        try (Response response = http.execute(request)) {
            String body = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw MetaErrors.classify(response.code(), body,
                        RetryAfter.parse(response.header("Retry-After"), Clock.systemUTC()));
            }
            JsonNode id = readTree(body).path("messages").path(0).path("id");
            if (!id.isString() || id.stringValue().isBlank()) {
                // Meta took the request; sending again could deliver twice, so do not retry.
                throw ProviderFailures.permanent("WhatsApp accepted the request but returned no message id");
            }
            return id.stringValue();
        } catch (InterruptedIOException timeout) {
            throw ProviderFailures.transientFailure("WhatsApp did not answer in time");
        } catch (IOException e) {
            throw ProviderFailures.transientFailure("WhatsApp could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** Bad input fails the same way in sandbox and live, so a sandbox run shows what production would do. */
    private void requireRecipient(TenantScope tenant, String leadId, String to, Map<String, Object> details) {
        if (to == null || !E164.matcher(to).matches()) {
            throw ledger.failed(tenant, leadId, Channels.WHATSAPP, null,
                    ProviderFailures.permanent("recipient '" + to + "' is not an E.164 phone number"), details);
        }
    }

    private WhatsAppCredentials credentials(TenantScope tenant, String leadId, Map<String, Object> details) {
        String raw;
        try {
            raw = ledger.credentials(tenant.clientCode(), PROVIDER);
        } catch (ApplicationFailure notConfigured) {
            throw ledger.failed(tenant, leadId, Channels.WHATSAPP, null, notConfigured, details);
        }
        WhatsAppCredentials credentials;
        try {
            credentials = json.readValue(raw, WhatsAppCredentials.class);
        } catch (RuntimeException unreadable) {
            credentials = null;
        }
        if (credentials == null || isBlank(credentials.phoneNumberId()) || isBlank(credentials.accessToken())) {
            throw ledger.failed(tenant, leadId, Channels.WHATSAPP, null, ProviderFailures.notConfigured(
                    "whatsapp credentials need phoneNumberId and accessToken"), details);
        }
        return credentials;
    }

    /**
     * Takes a send token for the tenant, waiting for one in-process up to {@link #MAX_LOCAL_WAIT}; under heavier
     * contention the activity gives the wait back to Temporal as a retry delay instead of holding a worker slot.
     */
    private void throttle(String clientCode) {
        long waitedNanos = 0;
        Duration wait;
        TokenBuckets sendRate = sendRates.computeIfAbsent(rate(clientCode),
                perSecond -> new TokenBuckets(perSecond, Duration.ofSeconds(1)));
        while (!(wait = sendRate.tryAcquire(clientCode)).isZero()) {
            if (waitedNanos + wait.toNanos() > MAX_LOCAL_WAIT.toNanos()) {
                throw ProviderFailures.transientFailure("tenant WhatsApp send rate exceeded", wait);
            }
            try {
                Thread.sleep(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderFailures.transientFailure("interrupted while waiting for the send rate");
            }
            waitedNanos += Math.max(1, wait.toMillis()) * 1_000_000L;
        }
    }

    /** The tenant's WhatsApp send rate: its own (its Meta messaging tier), else the platform's default. */
    public int rate(String clientCode) {
        return ledger.client(clientCode).map(Client::whatsappMessagesPerSecond).filter(rate -> rate > 0)
                .orElse(defaultRate);
    }

    private static void textParameters(ObjectNode component, List<String> values) {
        ArrayNode parameters = component.putArray("parameters");
        values.forEach(value -> parameters.addObject().put("type", "text").put("text", value == null ? "" : value));
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException notJson) {
            return json.missingNode();
        }
    }

    private static String sandboxId(TenantScope tenant, String key) {
        return "sandbox-wamid-" + ChannelLedger.digest(tenant.clientCode(), key, 24);
    }

    private static Map<String, Object> details(String to, String key) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("to", to);
        details.put("idempotencyKey", key);
        return details;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
