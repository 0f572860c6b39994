package io.leadflow.api.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.event.CallbackLog;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@ApiIntegrationTest
class CallbackLogApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aTenantSeesEveryAttemptOfItsEventsCallbacks_oldestFirst() {
        Api.Tenant acme = api.createTenant("cb-acme", true);
        TenantScope scope = tenants.scope("cb-acme");
        String eventId = event(scope);
        attempt(scope, eventId, 1, 503, "retrying", "2025-03-01T10:00:00Z");
        attempt(scope, eventId, 2, 200, "delivered", "2025-03-01T10:00:30Z");

        Api.Response response = api.as(acme, "GET", "/api/saas/events/" + eventId + "/callbacks", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).path("attempt").asInt()).isEqualTo(1);
        assertThat(response.data().get(0).path("outcome").asText()).isEqualTo("retrying");
        assertThat(response.data().get(1).path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.data().get(1).path("webhookId").asText()).isEqualTo("msg_" + eventId);
    }

    @Test
    void anotherTenantsEventAnswers404_andItsCallbacksStayHidden() {
        api.createTenant("cb-owner", true);
        Api.Tenant intruder = api.createTenant("cb-intruder", true);
        TenantScope owner = tenants.scope("cb-owner");
        String eventId = event(owner);
        attempt(owner, eventId, 1, 200, "delivered", "2025-03-01T10:00:00Z");

        Api.Response response = api.as(intruder, "GET", "/api/saas/events/" + eventId + "/callbacks", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("EVENT_NOT_FOUND");
        assertThat(response.raw().body()).doesNotContain("msg_" + eventId);
    }

    private static String event(TenantScope scope) {
        EventLog draft = new EventLog(null, scope.clientCode(), "demo_booked", "api", null, "lead-1", null, null,
                null, null, null, 0, Map.of(), null, null, null, List.of(), null, null, null);
        return EventLogs.record(scope, draft).event().id();
    }

    private static void attempt(TenantScope scope, String eventId, int attempt, int status, String outcome, String at) {
        EventLogs.logCallback(scope, new CallbackLog(null, scope.clientCode(), eventId, "msg_" + eventId,
                "https://hooks.example.com/leadflow", attempt, status, outcome, null, 42, Instant.parse(at)));
    }
}
