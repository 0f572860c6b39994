package io.leadflow.activities.callback;

import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.channel.PooledConnections;
import io.leadflow.activities.channel.ProviderFailures;
import io.leadflow.activities.channel.RetryAfter;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.leadflow.contracts.error.ErrorCode;
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
import io.temporal.common.RetryOptions;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers signed callbacks: {@code POST} of the JSON payload with Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}) signed with the tenant's secret. Every attempt — delivered,
 * failed, blocked — is written to the central {@code callback_logs} with its attempt number, status and duration,
 * and counted ({@code leadflow.callback.attempts}). The SSRF guard checks the URL and every resolved address on each
 * attempt; redirects are never followed; a connection the receiver closed while idle never fails an attempt
 * ({@link PooledConnections}).
 *
 * <p><b>The retry window</b> ({@code leadflow.channels.callback-retry-window}, 24 h) is enforced here, where the
 * configuration is: the workflow-side schedule-to-close ({@code ChannelActivityOptions.CALLBACK_OUTER_BOUND}, 7 days)
 * is only the outer bound, because workflow code can't read Spring settings. An attempt that starts after the window
 * has closed sends nothing, and an attempt whose failure would be retried only after the window closes is the last:
 * either way its log row says {@code failed} with the reason, and the failure is the non-retryable
 * {@code RETRY_WINDOW_CLOSED}. A {@code retrying} row therefore always has another attempt coming.
 */
@Component
public class CallbackActivitiesImpl implements CallbackActivities {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final String DELIVERED = "delivered";
    static final String RETRYING = "retrying";
    static final String FAILED = "failed";
    static final String BLOCKED = "blocked";
    /** The activity type of trigger callbacks; webhook steps deliver from inside their action activity. */
    private static final String CALLBACK_ACTIVITY = "CallbackDeliver";

    private static final Logger log = LoggerFactory.getLogger(CallbackActivitiesImpl.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final ChannelLedger ledger;
    private final ClientDirectory directory;
    private final boolean allowPrivateTargets;
    private final Duration attemptTimeout;
    private final RetryWindow retryWindow;
    private final PooledConnections http;
    private final JsonMapper json = JsonMapper.shared();

    @Autowired
    public CallbackActivitiesImpl(ChannelLedger ledger, ClientDirectory directory, LeadflowProperties properties) {
        this(ledger, directory, properties.channels().allowPrivateTargets(), ATTEMPT_TIMEOUT, Dns.SYSTEM,
                properties.channels().callbackRetryWindow());
    }

    CallbackActivitiesImpl(ChannelLedger ledger, ClientDirectory directory, boolean allowPrivateTargets,
            Duration attemptTimeout, Dns dns) {
        this(ledger, directory, allowPrivateTargets, attemptTimeout, dns,
                ChannelActivityOptions.DEFAULT_CALLBACK_RETRY_WINDOW);
    }

    CallbackActivitiesImpl(ChannelLedger ledger, ClientDirectory directory, boolean allowPrivateTargets,
            Duration attemptTimeout, Dns dns, Duration retryWindow) {
        this.ledger = ledger;
        this.directory = directory;
        this.allowPrivateTargets = allowPrivateTargets;
        this.attemptTimeout = attemptTimeout;
        this.retryWindow = new RetryWindow(retryWindow);
        this.http = PooledConnections.of(new OkHttpClient.Builder()
                .dns(new GuardedDns(dns, allowPrivateTargets))
                .proxy(Proxy.NO_PROXY) // a proxy would resolve the host itself, past the guard
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(attemptTimeout)
                .readTimeout(attemptTimeout)
                .writeTimeout(attemptTimeout)
                .callTimeout(attemptTimeout));
    }

    @Override
    public CallbackResult deliver(CallbackDelivery delivery) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        int attempt = info.getAttempt();
        TenantScope tenant = ledger.tenant(delivery.clientCode());
        String webhookId = delivery.webhookId() == null || delivery.webhookId().isBlank()
                ? "msg_" + ChannelLedger.digest(tenant.clientCode(), info.getWorkflowId() + ":" + info.getActivityId(), 32)
                : delivery.webhookId();
        Attempt current = new Attempt(tenant, delivery, webhookId, attempt,
                CALLBACK_ACTIVITY.equals(info.getActivityType()) ? "callback" : "webhook",
                serverTime(info.getScheduledTimestamp(), info.getStartedTimestamp()),
                serverTime(info.getStartedTimestamp(), System.currentTimeMillis()), retryPolicy(info));
        // The worker's LogContextInterceptor has put the event (and tenant) of this delivery in the MDC.
        return attempt(current);
    }

    /**
     * One attempt and what the log needs to know about it.
     *
     * @param firstScheduled when the first attempt was scheduled (server time): the retry window runs from there
     * @param started when this attempt started (server time)
     * @param retry the caller's retry policy, to tell when the next attempt would come
     */
    private record Attempt(TenantScope tenant, CallbackDelivery delivery, String webhookId, int number, String kind,
                           Instant firstScheduled, Instant started, RetryOptions retry) {
    }

    /**
     * The caller's retry policy, to tell when the next attempt comes. Servers don't always hand it to the worker (the
     * info then holds SDK defaults, without a maximum interval); callers use {@code ChannelActivityOptions.CALLBACK}.
     */
    private static RetryOptions retryPolicy(ActivityInfo info) {
        RetryOptions given = info.getRetryOptions();
        return given != null && given.getMaximumInterval() != null ? given
                : ChannelActivityOptions.CALLBACK.getRetryOptions();
    }

    /** A timestamp from the activity's info; a test environment may leave it 0. */
    private static Instant serverTime(long millis, long fallback) {
        return Instant.ofEpochMilli(millis > 0 ? millis : fallback);
    }

    private CallbackResult attempt(Attempt attempt) {
        long started = System.nanoTime();
        TenantScope tenant = attempt.tenant();
        CallbackDelivery delivery = attempt.delivery();
        if (!directory.isActive(tenant.clientCode())) {
            record(attempt, null, FAILED, "tenant is suspended", started);
            throw ProviderFailures.tenantSuspended(tenant.clientCode());
        }
        if (retryWindow.closedBefore(attempt.firstScheduled(), attempt.started())) {
            String reason = "retry window of " + retryWindow.words() + " closed before this attempt; nothing was sent";
            record(attempt, null, FAILED, reason, started);
            throw windowClosed(reason);
        }
        try {
            OutboundUrlGuard.checkUrl(delivery.url(), allowPrivateTargets);
        } catch (LeadflowException refused) {
            record(attempt, null, BLOCKED, refused.getMessage(), started);
            throw ProviderFailures.urlNotAllowed(refused.getMessage());
        }
        String secret = directory.webhookSecret(tenant.clientCode()).orElse(null);
        if (secret == null || secret.isBlank()) {
            String reason = "tenant has no webhook signing secret";
            record(attempt, null, FAILED, reason, started);
            throw ProviderFailures.notConfigured(reason);
        }

        String body = json.writeValueAsString(delivery.payload() == null ? Map.of() : delivery.payload());
        long timestamp = Instant.now().getEpochSecond();
        Request request = new Request.Builder()
                .url(delivery.url().strip())
                .header(WebhookSigner.HEADER_ID, attempt.webhookId())
                .header(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSigner.HEADER_SIGNATURE,
                        WebhookSigner.sign(secret, attempt.webhookId(), timestamp, body))
                .header("User-Agent", "Leadflow-Webhooks/1")
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
                .build();

        ApplicationFailure failure;
        Integer status = null;
        String reason;
        try (Response response = http.execute(request)) {
            status = response.code();
            if (status >= 200 && status < 300) {
                record(attempt, status, DELIVERED, null, started);
                return new CallbackResult(status, attempt.number());
            }
            failure = classify(status, response.header("Retry-After"));
            reason = failure.getOriginalMessage();
        } catch (GuardedDns.BlockedHostException blocked) {
            record(attempt, null, BLOCKED, blocked.getMessage(), started);
            throw ProviderFailures.urlNotAllowed("URL not allowed: " + blocked.getMessage());
        } catch (IOException e) {
            reason = describe(e);
            failure = ProviderFailures.transientFailure("callback not delivered: " + reason);
        }
        // Temporal schedules the retry from the moment this attempt fails: its start plus what it took so far.
        Instant failedAt = attempt.started().plusNanos(System.nanoTime() - started);
        if (!failure.isNonRetryable() && retryWindow.lastAttempt(attempt.firstScheduled(), failedAt,
                attempt.number(), attempt.retry(), failure.getNextRetryDelay())) {
            reason = reason + "; retry window of " + retryWindow.words() + " closes before another attempt";
            record(attempt, status, FAILED, reason, started);
            throw windowClosed(reason);
        }
        record(attempt, status, failure.isNonRetryable() ? FAILED : RETRYING, reason, started);
        throw failure;
    }

    private static ApplicationFailure windowClosed(String reason) {
        return ApplicationFailure.newNonRetryableFailure(reason, ErrorCode.RETRY_WINDOW_CLOSED.name());
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

    private void record(Attempt attempt, Integer status, String outcome, String error, long startedNanos) {
        long durationMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        TenantScope tenant = attempt.tenant();
        EventLogs.logCallback(tenant, new CallbackLog(null, tenant.clientCode(), attempt.delivery().eventLogId(),
                attempt.webhookId(), attempt.delivery().url(), attempt.number(), status, outcome, error, durationMs,
                Instant.now()));
        ledger.metrics().callbackAttempt(tenant.clientCode(), attempt.kind(), outcome);
        if (DELIVERED.equals(outcome)) {
            log.info("{} delivered on attempt {} ({} ms)", attempt.kind(), attempt.number(), durationMs);
        } else {
            log.warn("{} attempt {} {}: {}", attempt.kind(), attempt.number(), outcome, error);
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
