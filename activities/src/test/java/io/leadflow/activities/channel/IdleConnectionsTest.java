package io.leadflow.activities.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.activities.callback.CallbackActivitiesImpl;
import io.leadflow.activities.channel.IdleClosingReceiver.Answer;
import io.leadflow.activities.meet.MeetActivitiesImpl;
import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.callback.CallbackActivities;
import io.leadflow.contracts.callback.CallbackDelivery;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.whatsapp.WhatsAppTemplateSend;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLogs;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receivers that close idle keep-alive connections — after every response (Python's {@code http.server}), or after
 * one idle second — never fail an attempt, on any outbound channel: callbacks and webhooks, WhatsApp, Google. Each
 * request reaches the receiver exactly once: the resend on a new connection only happens when the old one was dead.
 */
class IdleConnectionsTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** Longer than the receiver's keep-alive, shorter than our pool's, so the pooled connection is stale. */
    private static final Duration PAUSE = Duration.ofMillis(1_400);

    private static ChannelFixture fixture;
    private IdleClosingReceiver receiver;
    private TestActivityEnvironment temporal;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @AfterEach
    void stop() throws IOException {
        if (receiver != null) {
            receiver.close();
        }
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void theReceiversReproduceTheProblem_aPlainPooledClientFailsOnThem() throws Exception {
        OkHttpClient plain = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        receiver = IdleClosingReceiver.closingAfterEachResponse(request -> Answer.json("{}"));
        assertThat(failuresOf(plain, List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO)))
                .as("closed after every response").isPositive();
        receiver.close();

        receiver = IdleClosingReceiver.withKeepAlive(ONE_SECOND, request -> Answer.json("{}"));
        assertThat(failuresOf(plain, List.of(Duration.ZERO, PAUSE))).as("closed after one idle second").isOne();
    }

    @Test
    void callbacks_toAReceiverThatClosesAfterEveryResponse_areAllDeliveredOnTheirFirstAttempt() throws Exception {
        receiver = IdleClosingReceiver.closingAfterEachResponse(request -> Answer.json("{\"ok\":true}"));
        String tenant = fixture.newTenant(false);
        CallbackActivities callbacks = callbacks();

        for (int i = 0; i < 20; i++) {
            assertThat(callbacks.deliver(delivery(tenant, "evt-close-" + i)).statusCode()).isEqualTo(200);
        }

        assertThat(receiver.received()).as("each callback reached the receiver exactly once").hasSize(20);
        assertThat(outcomes(tenant, "evt-close-", 20)).containsOnly("delivered").hasSize(20);
    }

    @Test
    void callbacks_toAReceiverWithAOneSecondKeepAlive_areAllDeliveredOnTheirFirstAttempt() throws Exception {
        receiver = IdleClosingReceiver.withKeepAlive(ONE_SECOND, request -> Answer.json("{\"ok\":true}"));
        String tenant = fixture.newTenant(false);
        CallbackActivities callbacks = callbacks();

        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Thread.sleep(PAUSE.toMillis());
            }
            assertThat(callbacks.deliver(delivery(tenant, "evt-idle-" + i)).statusCode()).isEqualTo(200);
        }

        assertThat(receiver.received()).hasSize(3);
        assertThat(outcomes(tenant, "evt-idle-", 3)).containsOnly("delivered").hasSize(3);
    }

    @Test
    void whatsApp_throughAProxyThatClosesIdleConnections_sendsEveryMessageOnce() throws Exception {
        for (IdleClosingReceiver meta : List.of(
                IdleClosingReceiver.closingAfterEachResponse(IdleConnectionsTest::metaAccepts),
                IdleClosingReceiver.withKeepAlive(ONE_SECOND, IdleConnectionsTest::metaAccepts))) {
            receiver = meta;
            String tenant = fixture.newTenant(false);
            fixture.credentials(tenant, "whatsapp", "{\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"EAAG-t\"}");
            WhatsAppActivitiesImpl whatsapp = new WhatsAppActivitiesImpl(fixture.ledger, ChannelFixture.properties(
                    ChannelFixture.channels(meta.url("/"), 80, "http://unused/", "http://unused/token", false)));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(i == 0 ? 0 : PAUSE.toMillis());
                assertThat(whatsapp.sendTemplate(new WhatsAppTemplateSend(tenant, "lead-1", "+919876543210",
                        "welcome", "en_US", List.of(), List.of(), "wf-" + tenant + ":step-" + i)).status())
                        .isEqualTo("sent");
            }
            assertThat(meta.received()).as("one request per message").hasSize(3);
            meta.close();
        }
    }

    @Test
    void googleMeet_throughAProxyThatClosesIdleConnections_booksEveryMeeting() throws Exception {
        for (boolean closeEveryResponse : List.of(true, false)) {
            String tenant = fixture.newTenant(false);
            fixture.credentials(tenant, "google", "{\"type\":\"authorized_user\",\"client_id\":\"c\","
                    + "\"client_secret\":\"s\",\"refresh_token\":\"r\",\"calendarId\":\"primary\"}");
            String[] requestId = new String[1];
            java.util.function.Function<IdleClosingReceiver.Received, Answer> google = request ->
                    request.path().startsWith("/token")
                            ? Answer.json("{\"access_token\":\"ya29.t\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")
                            : Answer.json(event(request.body()));
            receiver = closeEveryResponse ? IdleClosingReceiver.closingAfterEachResponse(google)
                    : IdleClosingReceiver.withKeepAlive(ONE_SECOND, google);
            MeetActivitiesImpl meet = new MeetActivitiesImpl(fixture.ledger, fixture.tenants, ChannelFixture.properties(
                    ChannelFixture.channels("http://unused/", 80, receiver.url("/"), receiver.url("/token"), false)));
            for (int i = 0; i < 3; i++) {
                Thread.sleep(i == 0 ? 0 : PAUSE.toMillis());
                requestId[0] = "wf-" + tenant + ":meet-" + i;
                assertThat(meet.createMeet(new MeetCreate(tenant, "lead-1", "Demo", "2030-03-03T10:30:00+05:30", 30,
                        List.of(), requestId[0])).meetLink()).isEqualTo("https://meet.google.com/abc-defg-hij");
            }
            assertThat(receiver.received()).extracting(IdleClosingReceiver.Received::path)
                    .as("one token exchange, then one insert per meeting").hasSize(4);
            receiver.close();
        }
    }

    private int failuresOf(OkHttpClient client, List<Duration> pauses) throws InterruptedException {
        int failures = 0;
        for (Duration pause : pauses) {
            Thread.sleep(pause.toMillis());
            Request request = new Request.Builder().url(receiver.url("/hook"))
                    .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
            try (Response response = client.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
            } catch (IOException staleConnection) {
                failures++;
            }
        }
        return failures;
    }

    private CallbackActivities callbacks() {
        temporal = TestActivityEnvironment.newInstance();
        temporal.registerActivitiesImplementations(new CallbackActivitiesImpl(fixture.ledger, fixture.directory,
                ChannelFixture.properties(ChannelFixture.channels("http://unused/", 80, "http://unused/",
                        "http://unused/token", true))));
        return temporal.newActivityStub(CallbackActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(io.temporal.common.RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    private CallbackDelivery delivery(String tenant, String eventLogId) {
        return new CallbackDelivery(tenant, eventLogId, "msg_" + eventLogId, receiver.url("/hook"),
                Map.of("eventLogId", eventLogId));
    }

    private static List<String> outcomes(String tenant, String prefix, int count) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventLogs.callbacks(fixture.scope(tenant), prefix + i).stream().map(CallbackLog::outcome)
                    .forEach(outcomes::add);
        }
        return outcomes;
    }

    private static Answer metaAccepts(IdleClosingReceiver.Received request) {
        return Answer.json("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid." + System.nanoTime()
                + "\"}]}");
    }

    /** Google's answer to the insert: the event it was sent, confirmed, with its Meet link. */
    private static String event(String inserted) {
        ObjectNode event = (ObjectNode) JsonMapper.shared().readTree(inserted);
        event.put("kind", "calendar#event");
        event.put("status", "confirmed");
        event.put("hangoutLink", "https://meet.google.com/abc-defg-hij");
        ((ObjectNode) event.path("conferenceData").path("createRequest")).putObject("status")
                .put("statusCode", "success");
        return JsonMapper.shared().writeValueAsString(event);
    }
}
