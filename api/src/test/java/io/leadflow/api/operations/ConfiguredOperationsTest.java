package io.leadflow.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.sequence.SequenceInput;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.GlobalDataConverter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Config keys that do what they say: {@code leadflow.engine.default-timezone} is the zone of tenants without one of
 * their own, for rule and code sequences alike; {@code leadflow.channels.callback-retry-window} ends a callback whose
 * receiver stays down, and its last log row says {@code failed}.
 */
@ApiIntegrationTest
@ConfiguredOperationsTest.Settings
class ConfiguredOperationsTest {

    /** The settings under test, shared with {@link StructuredLogsTest} so both run in one application context. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @TestPropertySource(properties = {"leadflow.engine.default-timezone=Asia/Kolkata",
            "leadflow.channels.callback-retry-window=10s", "logging.structured.format.console=ecs"})
    @interface Settings {
    }

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflows;

    Api api;
    MockWebServer receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        receiver = new MockWebServer();
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        receiver.shutdown();
    }

    @Test
    void aTenantWithoutAZone_waitsForNineInTheDefaultZone_aTenantWithOne_inItsOwn() {
        Api.Tenant plain = api.createTenant("tz-" + System.nanoTime() % 1_000_000);
        Api.Tenant paris = api.createTenant("tzp-" + System.nanoTime() % 1_000_000);
        assertThat(api.admin("PATCH", "/api/clients/" + paris.clientCode(), Map.of("timezone", "Europe/Paris")).status())
                .isEqualTo(200);
        JsonNode zone = api.admin("GET", "/api/clients/" + plain.clientCode(), null).data().path("timezone");
        assertThat(zone.isNull() || zone.isMissingNode()).as("no zone of its own: it follows the platform's default")
                .isTrue();

        assertThat(nineOClock(plain).atZone(KOLKATA).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(nineOClock(paris).atZone(ZoneId.of("Europe/Paris")).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
    }

    @Test
    void anOperatorsCodeSequenceEnrollment_getsTheDefaultZoneToo() {
        Api.Tenant plain = api.createTenant("tzc-" + System.nanoTime() % 1_000_000);
        String leadId = api.as(plain, "POST", "/api/crm/leads", Map.of("phone", "+919822100001", "firstName", "Ravi"))
                .data().get("id").asText();

        String workflowId = api.as(plain, "POST", "/api/crm/sequences", Map.of("sequence", "code:lead-nurture",
                "leadId", leadId)).data().get("workflowId").asText();

        HistoryEvent started = workflows.fetchHistory(workflowId).getEvents().get(0);
        SequenceInput input = GlobalDataConverter.get().fromPayloads(0,
                Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()), SequenceInput.class,
                SequenceInput.class);
        assertThat(input.tenantTimezone()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void whenTheCallbackWindowCloses_theLastAttemptIsLoggedFailed_notRetrying() {
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(503);
            }
        });
        Api.Tenant tenant = api.createTenant("cbw-" + System.nanoTime() % 1_000_000);
        String url = receiver.url("/leadflow").toString();
        api.allowCallbacksTo(tenant, url);

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919822100002", "createLeadIfMissing", true, "callbackUrl", url));
        assertThat(fired.status()).isEqualTo(200);
        String eventLogId = fired.data().get("eventLogId").asText();

        JsonNode attempts = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.as(tenant, "GET", "/api/saas/events/" + eventLogId + "/callbacks", null).data(),
                log -> log.size() > 0 && !log.get(log.size() - 1).get("outcome").asText().equals("retrying"));
        JsonNode last = attempts.get(attempts.size() - 1);
        assertThat(last.get("outcome").asText()).isEqualTo("failed");
        assertThat(last.get("statusCode").asInt()).isEqualTo(503);
        assertThat(last.get("error").asText())
                .isEqualTo("receiver answered HTTP 503; retry window of 10 s closes before another attempt");
        assertThat(attempts).as("the next retry (30 s) would come after the 10 s window").hasSize(1);
    }

    /** A rule that waits until 09:00 fired for a new lead of the tenant: when its sequence will wake. */
    private Instant nineOClock(Api.Tenant tenant) {
        assertThat(api.as(tenant, "POST", "/api/crm/automations", Map.of("name", "Morning", "trigger", "signed_up",
                "steps", List.of(Map.of("waitUntil", Map.of("time", "09:00"),
                        "action", Map.of("type", "add_tag", "params", Map.of("tag", "morning")))))).status())
                .isEqualTo(201);
        String leadId = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919822100003", "createLeadIfMissing", true)).data().get("leadId").asText();
        JsonNode sequence = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.as(tenant, "GET", "/api/crm/sequences?leadId=" + leadId, null).data(),
                listed -> listed.size() == 1 && listed.get(0).hasNonNull("nextWakeAt")).get(0);
        return Instant.parse(sequence.get("nextWakeAt").asText());
    }
}
