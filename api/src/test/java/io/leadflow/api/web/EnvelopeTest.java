package io.leadflow.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@ApiIntegrationTest
@TestPropertySource(properties = {"leadflow.api.trigger-requests-per-minute=3", "leadflow.api.max-body-size=2KB",
        "leadflow.api.event-requests-per-minute=2", "leadflow.api.lead-creates-per-minute=2",
        "leadflow.api.tenant-requests-per-minute=30"})
class EnvelopeTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    Api api;
    Api.Tenant tenant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tenant = api.createTenant("env-" + System.nanoTime() % 1_000_000);
    }

    @Test
    void healthIsPublicAndReportsTemporalAndDatabase() {
        Api.Response health = api.send("GET", "/api/saas/health", null, Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.data().path("temporal").path("status").asText()).isEqualTo("up");
        assertThat(health.data().path("database").path("status").asText()).isEqualTo("up");
        assertThat(health.data().has("tenant")).isFalse();

        Api.Response mine = api.send("GET", "/api/saas/health", null, tenant.headers());
        assertThat(mine.data().path("tenant").path("sandbox").asBoolean()).isTrue();
        assertThat(mine.data().path("tenant").path("clientCode").asText()).isEqualTo(tenant.clientCode());
    }

    @Test
    void unknownRoutesAndMethods_answerInTheEnvelope() {
        Api.Response missing = api.as(tenant, "GET", "/api/saas/nothing-here", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
        // Deny by default: a path outside every known route family is refused before routing, 401 for anonymous
        // callers and 403 for authenticated ones; under a tenant prefix, a tenant learns it is not found.
        Api.Response outside = api.send("GET", "/nowhere", null, Map.of());
        assertThat(outside.status()).isEqualTo(401);
        assertThat(outside.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(api.as(tenant, "GET", "/nowhere", null).status()).isEqualTo(403);
        Api.Response method = api.as(tenant, "DELETE", "/api/saas/workflows/trigger", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void oversizeBodies_get413() {
        String big = "{\"trigger\":\"x\",\"phone\":\"+919876543210\",\"variables\":{\"blob\":\"" + "a".repeat(4000) + "\"}}";
        Api.Response response = api.sendRaw("POST", "/api/saas/workflows/trigger", big,
                Map.of("x-client-code", tenant.clientCode(), "x-api-key", tenant.apiKey()));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void wrongContentType_gets415() {
        Api.Response response = api.sendRaw("POST", "/api/saas/workflows/trigger", "trigger=x",
                Map.of("x-client-code", tenant.clientCode(), "x-api-key", tenant.apiKey(),
                        "content-type", "application/x-www-form-urlencoded"));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body().get("success").asBoolean()).isFalse();
    }

    @Test
    void triggerEndpoint_isRateLimitedPerTenantWithRetryAfter() {
        Map<String, Object> body = Map.of("trigger", "burst", "phone", "+919876543210", "createLeadIfMissing", true);
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            Api.Response response = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
            if (response.status() == 429) {
                limited++;
                retryAfter = response.raw().headers().firstValue("Retry-After").orElse(null);
                assertThat(response.errorCode()).isEqualTo("RATE_LIMITED");
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(3);
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isPositive();
        assertThat(meters.get("leadflow.triggers").tags("tenant", tenant.clientCode(), "outcome", "rate_limited")
                .counter().count()).as("operators see the refusals").isEqualTo(limited);
        assertThat(meters.get("leadflow.triggers").tags("tenant", tenant.clientCode(), "outcome", "accepted")
                .counter().count()).isEqualTo(6 - limited);
        Api.Tenant other = api.createTenant("calm-" + System.nanoTime() % 1_000_000);
        assertThat(api.as(other, "POST", "/api/saas/workflows/trigger", body).status()).isEqualTo(200);
    }

    @Test
    void oddSpellingsOfTheTriggerRoute_cannotSkipItsLimit() {
        Map<String, Object> body = Map.of("trigger", "burst", "phone", "+919876543210", "createLeadIfMissing", true);
        for (int i = 0; i < 3; i++) {
            api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        }
        assertThat(api.as(tenant, "POST", "/api/saas/workflows/trigger", body).status()).isEqualTo(429);
        Api.Response semicolon = api.as(tenant, "POST", "/api/saas/workflows/trigger;x", body);
        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.errorCode()).isEqualTo("REQUEST_REJECTED");
        // An encoded letter is the same route to routing and to the limiter alike.
        assertThat(api.as(tenant, "POST", "/%61pi/saas/workflows/trigger", body).status()).isEqualTo(429);
        assertThat(api.as(tenant, "POST", "/api/saas/workflows/%74rigger", body).status()).isEqualTo(429);
    }

    @Test
    void businessEventsLeadCreationAndEveryTenantRoute_haveTheirOwnPerTenantLimits() {
        for (int i = 0; i < 2; i++) {
            assertThat(api.as(tenant, "POST", "/api/crm/leads", Map.of("phone", "+91980000" + (1000 + i))).status())
                    .isEqualTo(201);
        }
        Api.Response leads = api.as(tenant, "POST", "/api/crm/leads", Map.of("phone", "+919800009999"));
        assertThat(leads.status()).isEqualTo(429);
        assertThat(leads.raw().headers().firstValue("Retry-After")).isPresent();

        Map<String, Object> event = Map.of("trigger", "order_paid", "phone", "+919800001000");
        assertThat(api.as(tenant, "POST", "/api/crm/automations/events", event).status()).isEqualTo(202);
        assertThat(api.as(tenant, "POST", "/api/crm/automations/events", event).status()).isEqualTo(202);
        assertThat(api.as(tenant, "POST", "/api/crm/automations/events", event).status()).isEqualTo(429);

        int limited = 0;
        for (int i = 0; i < 30; i++) {
            if (api.as(tenant, "GET", "/api/saas/events", null).status() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("30 per minute across every tenant route").isPositive();
        Api.Response health = api.send("GET", "/api/saas/health", null, tenant.headers());
        assertThat(health.status()).as("public routes are not a tenant's").isEqualTo(200);
    }
}
