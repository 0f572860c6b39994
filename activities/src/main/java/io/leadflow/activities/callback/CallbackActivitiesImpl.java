package io.leadflow.activities.callback;

import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.channel.ProviderFailures;
import io.leadflow.activities.channel.RetryAfter;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.net.OutboundUrlGuard;
import io.leadflow.shared.security.WebhookSigner;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers signed callbacks: {@code POST} of the JSON payload with Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}) signed with the tenant's secret. Every attempt — delivered,
 * failed, blocked — is written to the central {@code callback_logs} with its attempt number, status and duration.
 * The SSRF guard checks the URL and every resolved address on each attempt; redirects are never followed.
 */
@Component
public class CallbackActivitiesImpl implements CallbackActivities {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final String DELIVERED = "delivered";
    static final String RETRYING = "retrying";
    static final String FAILED = "failed";
    static final String BLOCKED = "blocked";

    private static final Logger log = LoggerFactory.getLogger(CallbackActivitiesImpl.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final ChannelLedger ledger;
    private final ClientDirectory directory;
    private final boolean allowPrivateTargets;
    private final Duration attemptTimeout;
    private final OkHttpClient http;
    private final JsonMapper json = JsonMapper.shared();

    @Autowired
    public CallbackActivitiesImpl(ChannelLedger ledger, ClientDirectory directory, LeadflowProperties properties) {
        this(ledger, directory, properties.channels().allowPrivateTargets(), ATTEMPT_TIMEOUT, Dns.SYSTEM);
    }

    CallbackActivitiesImpl(ChannelLedger ledger, ClientDirectory directory, boolean allowPrivateTargets,
            Duration attemptTimeout, Dns dns) {
        this.ledger = ledger;
        this.directory = directory;
        this.allowPrivateTargets = allowPrivateTargets;
        this.attemptTimeout = attemptTimeout;
        this.http = new OkHttpClient.Builder()
                .dns(new GuardedDns(dns, allowPrivateTargets))
                .proxy(Proxy.NO_PROXY) // a proxy would resolve the host itself, past the guard
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(attemptTimeout)
                .readTimeout(attemptTimeout)
                .writeTimeout(attemptTimeout)
                .callTimeout(attemptTimeout)
                .build();
    }

    @Override
    public CallbackResult deliver(CallbackDelivery delivery) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        int attempt = info.getAttempt();
        TenantScope tenant = ledger.tenant(delivery.clientCode());
        String webhookId = delivery.webhookId() == null || delivery.webhookId().isBlank()
                ? "msg_" + ChannelLedger.digest(tenant.clientCode(), info.getWorkflowId() + ":" + info.getActivityId(), 32)
                : delivery.webhookId();
        MDC.put("eventLogId", String.valueOf(delivery.eventLogId()));
        MDC.put("workflowId", info.getWorkflowId());
        try {
            return attempt(tenant, delivery, webhookId, attempt);
        } finally {
            MDC.remove("eventLogId");
            MDC.remove("workflowId");
        }
    }

    private CallbackResult attempt(TenantScope tenant, CallbackDelivery delivery, String webhookId, int attempt) {
        long started = System.nanoTime();
        if (!directory.isActive(tenant.clientCode())) {
            record(tenant, delivery, webhookId, attempt, null, FAILED, "tenant is suspended", started);
            throw ProviderFailures.tenantSuspended(tenant.clientCode());
        }
        try {
            OutboundUrlGuard.checkUrl(delivery.url(), allowPrivateTargets);
        } catch (LeadflowException refused) {
            record(tenant, delivery, webhookId, attempt, null, BLOCKED, refused.getMessage(), started);
            throw ProviderFailures.urlNotAllowed(refused.getMessage());
        }
        String secret = directory.webhookSecret(tenant.clientCode()).orElse(null);
        if (secret == null || secret.isBlank()) {
            String reason = "tenant has no webhook signing secret";
            record(tenant, delivery, webhookId, attempt, null, FAILED, reason, started);
            throw ProviderFailures.notConfigured(reason);
        }

        String body = json.writeValueAsString(delivery.payload() == null ? Map.of() : delivery.payload());
        long timestamp = Instant.now().getEpochSecond();
        Request request = new Request.Builder()
                .url(delivery.url().strip())
                .header(WebhookSigner.HEADER_ID, webhookId)
                .header(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSigner.HEADER_SIGNATURE, WebhookSigner.sign(secret, webhookId, timestamp, body))
                .header("User-Agent", "Leadflow-Webhooks/1")
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
                .build();

        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            if (status >= 200 && status < 300) {
                record(tenant, delivery, webhookId, attempt, status, DELIVERED, null, started);
                return new CallbackResult(status, attempt);
            }
            ApplicationFailure failure = classify(status, response.header("Retry-After"));
            record(tenant, delivery, webhookId, attempt, status, failure.isNonRetryable() ? FAILED : RETRYING,
                    failure.getOriginalMessage(), started);
            throw failure;
        } catch (GuardedDns.BlockedHostException blocked) {
            record(tenant, delivery, webhookId, attempt, null, BLOCKED, blocked.getMessage(), started);
            throw ProviderFailures.urlNotAllowed("URL not allowed: " + blocked.getMessage());
        } catch (IOException e) {
            String reason = describe(e);
            record(tenant, delivery, webhookId, attempt, null, RETRYING, reason, started);
            throw ProviderFailures.transientFailure("callback not delivered: " + reason);
        }
    }

    /** 2xx is handled by the caller; everything else decides whether another attempt can help. */
    static ApplicationFailure classify(int status, String retryAfter) {
        if (status == 408 || status == 429) {
            return ProviderFailures.transientFailure("receiver answered HTTP " + status,
                    RetryAfter.parse(retryAfter, Clock.systemUTC()));
        }
        if (status >= 500) {
            return ProviderFailures.transientFailure("receiver answered HTTP " + status,
                    RetryAfter.parse(retryAfter, Clock.systemUTC()));
        }
        if (status == 410) {
            return ProviderFailures.permanent("receiver answered HTTP 410 Gone: it no longer wants this callback");
        }
        if (status >= 300 && status < 400) {
            return ProviderFailures.permanent("receiver answered HTTP " + status + "; redirects are not followed");
        }
        return ProviderFailures.permanent("receiver answered HTTP " + status);
    }

    private void record(TenantScope tenant, CallbackDelivery delivery, String webhookId, int attempt, Integer status,
            String outcome, String error, long startedNanos) {
        long durationMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        EventLogs.logCallback(tenant, new CallbackLog(null, tenant.clientCode(), delivery.eventLogId(), webhookId,
                delivery.url(), attempt, status, outcome, error, durationMs, Instant.now()));
        if (DELIVERED.equals(outcome)) {
            log.info("callback delivered on attempt {} ({} ms)", attempt, durationMs);
        } else {
            log.warn("callback attempt {} {}: {}", attempt, outcome, error);
        }
    }

    /** What went wrong, in words safe to show the tenant (no stack traces, no internal host names). */
    private String describe(IOException e) {
        if (e instanceof InterruptedIOException) {
            return "no answer within " + attemptTimeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "host does not resolve";
        }
        if (e instanceof SSLException) {
            return "TLS handshake failed";
        }
        return "connection failed";
    }
}
