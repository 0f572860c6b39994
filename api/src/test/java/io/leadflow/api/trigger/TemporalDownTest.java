package io.leadflow.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.LeadflowApiApplication;
import io.leadflow.api.support.Api;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The API against a Temporal address where nothing listens: accepted events are kept, never lost. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = LeadflowApiApplication.class,
        properties = {"spring.temporal.connection.target=127.0.0.1:1", "leadflow.mongo.uri=", "leadflow.dev-mode=true",
                "leadflow.api.redispatch-interval=1h", "leadflow.temporal.dispatch-wait=0s"})
class TemporalDownTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Test
    void whenTemporalIsUnreachable_triggerAnswers503WithTheKeptEvent() {
        Api api = new Api(port);
        Api.Tenant tenant = api.createTenant("offline");
        assertThat(api.as(tenant, "POST", "/api/crm/automations", Map.of("name", "Remind",
                "trigger", "appointment_confirmed", "steps", java.util.List.of(Map.of("action",
                        Map.of("type", "add_tag", "params", Map.of("tag", "confirmed")))))).status()).isEqualTo(201);

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876543210", "createLeadIfMissing", true));

        assertThat(fired.status()).isEqualTo(503);
        assertThat(fired.errorCode()).isEqualTo("TEMPORAL_UNAVAILABLE");
        String eventLogId = fired.body().path("error").path("details").path("eventLogId").asText();
        EventLog kept = EventLogs.byId(tenants.scope("offline"), eventLogId).orElseThrow();
        assertThat(kept.status()).isEqualTo("received");
        assertThat(kept.leadId()).isNotNull();
        assertThat(kept.request()).containsEntry("phone", "+919876543210");

        Api.Response health = api.send("GET", "/api/saas/health", null, Map.of());
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.errorCode()).isEqualTo("TEMPORAL_UNAVAILABLE");
    }

    @Test
    void whenTemporalIsUnreachable_anEventNothingListensTo_isStillAcceptedAndCompleted() {
        Api api = new Api(port);
        Api.Tenant tenant = api.createTenant("offline-quiet");

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "page_viewed", "phone", "+919876543211", "createLeadIfMissing", true));

        assertThat(fired.status()).isEqualTo(200);
        assertThat(fired.data().get("status").asText()).isEqualTo("completed");
        assertThat(fired.data().has("workflowId")).isFalse();
    }
}
