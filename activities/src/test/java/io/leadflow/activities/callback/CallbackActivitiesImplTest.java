package io.leadflow.activities.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.callback.CallbackResult;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.client.ClientSecrets;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.security.WebhookSigner;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Dns;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One activity attempt at a time (retries are the Temporal test's subject), against a real HTTP receiver. */
class CallbackActivitiesImplTest {

    private static final Map<String, Object> PAYLOAD = Map.of(
            "type", "trigger.completed",
            "data", Map.of("eventLogId", "evt-1", "leadId", "lead-1", "meetLink", "https://meet.google.com/abc"));
    /** A public-looking name that our fake DNS points at loopback, as a rebinding attacker would. */
    private static final Dns REBINDING_DNS = host -> {
        if (host.equals("hooks.example.com")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        throw new UnknownHostException(host);
    };

    private static ChannelFixture fixture;
    private MockWebServer receiver;
    private TestActivityEnvironment temporal;
    private String tenant;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new MockWebServer();
        receiver.start();
        tenant = fixture.newTenant(false);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.shutdown();
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void whenTheReceiverAnswers200_theCallbackIsDelivered_signedSoTheReceiverCanVerifyIt() throws Exception {
        receiver.enqueue(new MockResponse().setResponseCode(204));

        CallbackResult result = callbacks(true).deliver(delivery("evt-1", receiver.url("/leadflow/hook").toString()));

        assertThat(result.statusCode()).isEqualTo(204);
        RecordedRequest request = receiver.takeRequest(1, TimeUnit.SECONDS);
        String body = request.getBody().readUtf8();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String signature = request.getHeader("webhook-signature");
        assertThat(id).isEqualTo("msg_evt-1_callback");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode json = JsonMapper.shared().readTree(body);
        assertThat(json.path("type").stringValue()).isEqualTo("trigger.completed");
        assertThat(json.path("data").path("meetLink").stringValue()).isEqualTo("https://meet.google.com/abc");

        // The receiver's side, written from the documented algorithm rather than with our signer.
        assertThat(signature).isEqualTo("v1," + hmacSha256Base64(ChannelFixture.WEBHOOK_SECRET, id + "." + timestamp + "." + body));
        assertThat(WebhookSigner.verify(ChannelFixture.WEBHOOK_SECRET, id, Long.parseLong(timestamp), body, signature)).isTrue();
        assertThat(WebhookSigner.verify(ChannelFixture.WEBHOOK_SECRET, id, Long.parseLong(timestamp), body + " ", signature))
                .as("a tampered body fails verification").isFalse();

        List<CallbackLog> log = EventLogs.callbacks(fixture.scope(tenant), "evt-1");
        assertThat(log).hasSize(1);
        CallbackLog attempt = log.get(0);
        assertThat(attempt.outcome()).isEqualTo("delivered");
        assertThat(attempt.statusCode()).isEqualTo(204);
        assertThat(attempt.attempt()).as("attempt numbering itself is proven against the Temporal test server")
                .isEqualTo(result.attempt());
        assertThat(attempt.webhookId()).isEqualTo("msg_evt-1_callback");
        assertThat(attempt.url()).isEqualTo(receiver.url("/leadflow/hook").toString());
        assertThat(attempt.durationMs()).isGreaterThanOrEqualTo(0);
        assertThat(attempt.error()).isNull();
    }

    @Test
    void whenTheReceiverAnswers500_theAttemptIsLoggedAsRetrying_andFailsRetryably() {
        receiver.enqueue(new MockResponse().setResponseCode(500));

        assertFailure(() -> callbacks(true).deliver(delivery("evt-2", receiver.url("/").toString())),
                ErrorCode.PROVIDER_TRANSIENT);
        assertThat(EventLogs.callbacks(fixture.scope(tenant), "evt-2"))
                .extracting(CallbackLog::outcome, CallbackLog::statusCode, CallbackLog::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("retrying", 500, "receiver answered HTTP 500"));
    }

    @Test
    void whenTheReceiverSaysGone_deliveryStopsForGood() {
        receiver.enqueue(new MockResponse().setResponseCode(410));

        assertFailure(() -> callbacks(true).deliver(delivery("evt-3", receiver.url("/").toString())),
                ErrorCode.PROVIDER_PERMANENT);
        assertThat(EventLogs.callbacks(fixture.scope(tenant), "evt-3")).extracting(CallbackLog::outcome)
                .containsExactly("failed");
    }

    @Test
    void whenTheReceiverRejectsTheRequestWith400_deliveryFailsWithoutRetry() {
        receiver.enqueue(new MockResponse().setResponseCode(400));

        assertFailure(() -> callbacks(true).deliver(delivery("evt-4", receiver.url("/").toString())),
                ErrorCode.PROVIDER_PERMANENT);
    }

    @Test
    void whenTheReceiverAsksToSlowDown_deliveryIsRetriedNoSoonerThanItsRetryAfter() {
        receiver.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "120"));
        receiver.enqueue(new MockResponse().setResponseCode(408));

        assertThatThrownBy(() -> callbacks(true).deliver(delivery("evt-5", receiver.url("/").toString())))
                .isInstanceOf(ActivityFailure.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(ErrorCode.PROVIDER_TRANSIENT.name());
                    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(120));
                });
        assertFailure(() -> callbacks(true).deliver(delivery("evt-5", receiver.url("/").toString())),
                ErrorCode.PROVIDER_TRANSIENT);
    }

    @Test
    void whenTheReceiverRedirects_theRedirectIsNotFollowed() {
        receiver.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://169.254.169.254/latest/"));

        assertFailure(() -> callbacks(true).deliver(delivery("evt-6", receiver.url("/").toString())),
                ErrorCode.PROVIDER_PERMANENT);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    void whenTheReceiverDoesNotAnswerInTime_theAttemptIsLoggedAndRetryable() {
        receiver.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        CallbackActivities callbacks = callbacks(new CallbackActivitiesImpl(fixture.ledger, fixture.directory, true,
                Duration.ofMillis(500), Dns.SYSTEM));

        assertFailure(() -> callbacks.deliver(delivery("evt-7", receiver.url("/").toString())),
                ErrorCode.PROVIDER_TRANSIENT);
        assertThat(EventLogs.callbacks(fixture.scope(tenant), "evt-7")).extracting(CallbackLog::error)
                .containsExactly("no answer within 500 ms");
    }

    @Test
    void whenTheUrlPointsAtLoopback_theAttemptIsBlockedLoggedAndNeverRetried() {
        for (String url : List.of(receiver.url("/").toString(),
                "http://2130706433:" + receiver.getPort() + "/",
                "http://[::ffff:127.0.0.1]:" + receiver.getPort() + "/",
                "http://169.254.169.254/latest/meta-data/")) {
            assertFailure(() -> callbacks(false).deliver(delivery("evt-8", url)), ErrorCode.URL_NOT_ALLOWED);
        }
        assertThat(receiver.getRequestCount()).isZero();
        assertThat(EventLogs.callbacks(fixture.scope(tenant), "evt-8")).extracting(CallbackLog::outcome)
                .containsOnly("blocked").hasSize(4);
    }

    @Test
    void whenAPublicNameResolvesToLoopbackAtSendTime_theConnectionIsRefused() {
        CallbackActivities guarded = callbacks(new CallbackActivitiesImpl(fixture.ledger, fixture.directory, false,
                Duration.ofSeconds(5), REBINDING_DNS));

        assertFailure(() -> guarded.deliver(delivery("evt-9", "http://hooks.example.com:" + receiver.getPort() + "/")),
                ErrorCode.URL_NOT_ALLOWED);
        assertThat(receiver.getRequestCount()).isZero();
        CallbackLog blocked = EventLogs.callbacks(fixture.scope(tenant), "evt-9").get(0);
        assertThat(blocked.outcome()).isEqualTo("blocked");
        assertThat(blocked.error()).contains("loopback");
    }

    @Test
    void withPrivateTargetsAllowedForDevelopment_theSameNameIsDelivered() {
        receiver.enqueue(new MockResponse().setResponseCode(200));
        CallbackActivities dev = callbacks(new CallbackActivitiesImpl(fixture.ledger, fixture.directory, true,
                Duration.ofSeconds(5), REBINDING_DNS));

        CallbackResult result = dev.deliver(delivery("evt-10", "http://hooks.example.com:" + receiver.getPort() + "/"));

        assertThat(result.statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheTenantHasNoSigningSecret_nothingIsSentUnsigned() {
        fixture.directory.updateSecrets(tenant, new Update().unset("webhookSecret"));

        assertFailure(() -> callbacks(true).deliver(delivery("evt-11", receiver.url("/").toString())),
                ErrorCode.PROVIDER_NOT_CONFIGURED);
        assertThat(receiver.getRequestCount()).isZero();
        assertThat(fixture.directory.secrets(tenant).map(ClientSecrets::webhookSecret)).isEmpty();
    }

    private CallbackActivities callbacks(boolean allowPrivateTargets) {
        return callbacks(new CallbackActivitiesImpl(fixture.ledger, fixture.directory, allowPrivateTargets,
                Duration.ofSeconds(5), Dns.SYSTEM));
    }

    /** The implementation behind a Temporal activity stub, so it runs with a real activity context. */
    private CallbackActivities callbacks(CallbackActivitiesImpl implementation) {
        if (temporal != null) {
            temporal.close();
        }
        temporal = TestActivityEnvironment.newInstance();
        temporal.registerActivitiesImplementations(implementation);
        return temporal.newActivityStub(CallbackActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    private CallbackDelivery delivery(String eventLogId, String url) {
        return new CallbackDelivery(tenant, eventLogId, "msg_" + eventLogId + "_callback", url, PAYLOAD);
    }

    private static void assertFailure(Runnable call, ErrorCode type) {
        assertThatThrownBy(call::run).isInstanceOf(ActivityFailure.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(type.name());
                    assertThat(failure.isNonRetryable()).isEqualTo(type != ErrorCode.PROVIDER_TRANSIENT);
                });
    }

    /** Standard Webhooks: base64(HMAC-SHA256(key = base64-decoded secret after "whsec_", "id.timestamp.body")). */
    private static String hmacSha256Base64(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
