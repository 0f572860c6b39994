package io.leadflow.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Scrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What an operator reaches for first: probes on the public port, everything else of actuator only on the management
 * port, and Prometheus series — the Temporal SDK's and Leadflow's own — that move when triggers are fired.
 */
@ApiIntegrationTest
class OperationsEndpointsTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

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
    void livenessAndReadiness_answerOnThePublicPort_withTheStatusAlone() {
        Api.Response liveness = api.send("GET", "/actuator/health/liveness", null, Map.of());
        Api.Response readiness = api.send("GET", "/actuator/health/readiness", null, Map.of());

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.raw().body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.raw().body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void everyOtherActuatorRoute_isRefusedOnThePublicPort_evenWithATenantKey() {
        Api.Tenant tenant = api.createTenant("ops-deny-" + System.nanoTime() % 1_000_000);
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator", "/actuator/env",
                "/actuator/health/temporal", "/actuator/info")) {
            Api.Response anonymous = api.send("GET", path, null, Map.of());
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.errorCode()).as(path).isEqualTo("UNAUTHORIZED");
            assertThat(api.as(tenant, "GET", path, null).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void theManagementPort_servesHealthWithItsReadinessChecks_andPrometheus() {
        Api management = new Api(managementPort);
        JsonNode health = management.send("GET", "/actuator/health", null, Map.of()).body();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("temporal").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("mongo").path("status").asText()).isEqualTo("UP");
        assertThat(management.send("GET", "/actuator/health/readiness", null, Map.of()).status()).isEqualTo(200);

        Scrape scrape = Scrape.of("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(scrape.text()).as("the Temporal SDK's client metrics, through the starter").contains("temporal_");
        assertThat(scrape.text()).contains("application=\"leadflow-api\"");
    }

    @Test
    void leadflowCounters_moveWhenTriggersAreFired_taggedByTenantAndNeverByLeadOrEvent() {
        Api.Tenant tenant = api.createTenant("ops-" + System.nanoTime() % 1_000_000);
        String code = tenant.clientCode();
        receiver.enqueue(new MockResponse().setResponseCode(204));
        assertThat(api.as(tenant, "POST", "/api/crm/automations", Map.of("name", "Welcome", "trigger", "signed_up",
                "steps", List.of(
                        Map.of("action", Map.of("type", "send_whatsapp", "params", Map.of("templateName", "welcome"))),
                        Map.of("action", Map.of("type", "webhook",
                                "params", Map.of("url", receiver.url("/hook").toString()))))))
                .status()).isEqualTo(201);
        Scrape before = scrape();

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919811000001", "firstName", "Asha", "createLeadIfMissing", true, "idempotencyKey", "k-1"));
        assertThat(fired.status()).isEqualTo(200);
        String leadId = fired.data().get("leadId").asText();
        String eventLogId = fired.data().get("eventLogId").asText();
        assertThat(api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919811000001", "idempotencyKey", "k-1")).status()).isEqualTo(200);
        assertThat(api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up")).status())
                .isEqualTo(400);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as(tenant, "GET",
                "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("status").asText()).isEqualTo("completed"));

        Scrape after = scrape();
        assertThat(after.value("leadflow_triggers_total", Map.of("tenant", code, "outcome", "accepted"))).isEqualTo(1);
        assertThat(after.value("leadflow_triggers_total", Map.of("tenant", code, "outcome", "duplicate"))).isEqualTo(1);
        assertThat(after.value("leadflow_triggers_total", Map.of("tenant", code, "outcome", "rejected"))).isEqualTo(1);
        assertThat(after.value("leadflow_trigger_accept_seconds_count", Map.of("answer", "200")))
                .isGreaterThanOrEqualTo(before.value("leadflow_trigger_accept_seconds_count", Map.of("answer", "200")) + 2);
        assertThat(after.value("leadflow_rules_match_seconds_count", Map.of()))
                .isGreaterThan(before.value("leadflow_rules_match_seconds_count", Map.of()));
        assertThat(after.value("leadflow_sequences_started_total", Map.of("tenant", code, "kind", "rule"))).isEqualTo(1);
        assertThat(after.value("leadflow_sequences_closed_total", Map.of("tenant", code, "status", "completed")))
                .isEqualTo(1);
        assertThat(after.value("leadflow_sends_total", Map.of("tenant", code, "channel", "whatsapp",
                "outcome", "sandboxed"))).isEqualTo(1);
        assertThat(after.value("leadflow_callback_attempts_total", Map.of("tenant", code, "kind", "webhook",
                "outcome", "delivered"))).isEqualTo(1);
        assertThat(after.text()).as("no lead or event ID is ever a label").doesNotContain(leadId).doesNotContain(eventLogId);
    }

    private Scrape scrape() {
        return Scrape.of("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
    }
}
