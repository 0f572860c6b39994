package io.leadflow.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Bad input never becomes a 500 or an event stuck in {@code received}: what can be checked is refused before the
 * event is written, and what fails after ends the event {@code failed}, with a repeat of the same idempotency key
 * getting the very same answer instead of "202 duplicate" for an event that will never run.
 */
@ApiIntegrationTest
@Import(TriggerFailureReplayTest.FailingAfterTheWrite.class)
class TriggerFailureReplayTest {

    /** A phone whose lead lookup refuses with a 400 only once the event is recorded (nothing real does that now). */
    static final String REFUSED_LATE = "+15550000400";

    /** A phone whose first lead lookup meets a database that can't be reached (as when the store is frozen). */
    static final String STORE_DOWN_ONCE = "+15550000503";
    static final java.util.concurrent.atomic.AtomicBoolean STORE_WAS_DOWN = new java.util.concurrent.atomic.AtomicBoolean();

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingAfterTheWrite {
        @Bean
        @Primary
        TriggerLeads lateRefusingLeads(LeadService leads) {
            return new TriggerLeads(leads) {
                @Override
                Optional<Lead> resolve(TenantScope tenant, TriggerRequest request) {
                    if (REFUSED_LATE.equals(request.phone())) {
                        throw new FieldValidationException("phone", "refused by the lead store");
                    }
                    if (STORE_DOWN_ONCE.equals(request.phone()) && STORE_WAS_DOWN.compareAndSet(false, true)) {
                        throw new org.springframework.dao.DataAccessResourceFailureException("Timeout while receiving message",
                                new com.mongodb.MongoSocketReadTimeoutException("Timeout while receiving message",
                                        new com.mongodb.ServerAddress(), new java.net.SocketTimeoutException("Read timed out")));
                    }
                    return super.resolve(tenant, request);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;
    Api.Tenant tenant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tenant = api.createTenant("replay-" + System.nanoTime() % 1_000_000);
    }

    private long signups() {
        return tenants.scope(tenant.clientCode()).central().count(
                Query.query(org.springframework.data.mongodb.core.query.Criteria.where("trigger").is("signup")),
                EventLog.class);
    }

    private long events() {
        return tenants.scope(tenant.clientCode()).central().count(new Query(), EventLog.class);
    }

    @Test
    void theIssuesCase_userAtLocalhost_isRefusedTwiceWithTheSame400_andNoEventIsLeftBehind() {
        Map<String, Object> body = Map.of("trigger", "signup", "email", "user@localhost", "createLeadIfMissing", true,
                "idempotencyKey", "z1");
        Api.Response first = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        Api.Response second = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);

        assertThat(first.status()).isEqualTo(400);
        assertThat(first.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(first.body().path("error").path("message").asText()).startsWith("email:");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().path("error")).isEqualTo(first.body().path("error"));
        assertThat(events()).as("refused before the event was written").isZero();
    }

    @Test
    void aRefusalAfterTheEventWasWritten_endsItFailed_andTheSameKeyGetsTheSame400() {
        Map<String, Object> body = Map.of("trigger", "signup", "phone", REFUSED_LATE, "createLeadIfMissing", true,
                "idempotencyKey", "z2");
        Api.Response first = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(first.status()).isEqualTo(400);
        assertThat(first.errorCode()).isEqualTo("VALIDATION_FAILED");
        String eventLogId = first.body().path("error").path("details").path("eventLogId").asText();
        assertThat(eventLogId).isNotBlank();

        JsonNode event = api.as(tenant, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("status").asText()).isEqualTo("failed");
        assertThat(event.path("error").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(event.path("error").path("message").asText()).isEqualTo("phone: refused by the lead store");
        assertThat(event.path("error").path("httpStatus").asInt()).isEqualTo(400);

        Api.Response second = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(second.status()).as("never a 202 for an event that will never run").isEqualTo(400);
        assertThat(second.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(second.body().path("error").path("message").asText()).isEqualTo("phone: refused by the lead store");
        assertThat(second.body().path("error").path("details").path("eventLogId").asText()).isEqualTo(eventLogId);
        assertThat(second.body().path("error").path("details").path("duplicate").asBoolean()).isTrue();
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void aDatabaseThatCantBeReached_is503NotA500_andARetryWithTheSameKeyRunsTheSameEvent() {
        Map<String, Object> body = Map.of("trigger", "signup", "phone", STORE_DOWN_ONCE, "createLeadIfMissing", true,
                "idempotencyKey", "z503");
        Api.Response first = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.errorCode()).isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(first.raw().headers().firstValue("Retry-After")).hasValue("5");
        String eventLogId = first.body().path("error").path("details").path("eventLogId").asText();
        assertThat(api.as(tenant, "GET", "/api/saas/events/" + eventLogId, null).data().get("status").asText())
                .isEqualTo("failed");

        Api.Response retried = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(retried.status()).as(retried.raw().body()).isIn(200, 202);
        assertThat(retried.data().get("eventLogId").asText()).as("the same event, run now").isEqualTo(eventLogId);
        assertThat(retried.data().get("leadId").asText()).isNotBlank();
        JsonNode event = api.as(tenant, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("status").asText()).isIn("processing", "completed");
        assertThat(event.path("error").isMissingNode() || event.path("error").isNull()).isTrue();
        assertThat(signups()).as("one event for the key").isEqualTo(1);

        Api.Response third = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(third.status()).isIn(200, 202);
        assertThat(third.data().get("eventLogId").asText()).isEqualTo(eventLogId);
        assertThat(signups()).as("one event for the key").isEqualTo(1);
    }

    @Test
    void anUnknownLead_endsTheEventFailed_andTheSameKeyGetsTheSame404() {
        Map<String, Object> body = Map.of("trigger", "signup", "phone", "+15550000404", "idempotencyKey", "z3");
        Api.Response first = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        Api.Response second = api.as(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(first.status()).isEqualTo(404);
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.errorCode()).isEqualTo("LEAD_NOT_FOUND");
        assertThat(second.body().path("error").path("details").path("eventLogId").asText())
                .isEqualTo(first.body().path("error").path("details").path("eventLogId").asText());
    }

    @Test
    void variableKeysThatCannotBeStored_are400NotA500_atAnyDepth() {
        for (Object variables : new Object[] {Map.of("a.b", 1), Map.of("$where", "1"), Map.of("x", Map.of("y", Map.of("$gt", 1))),
                Map.of("x", java.util.List.of(Map.of("a.b", 1))), Map.of("k\u0000", 1), Map.of("", 1)}) {
            Api.Response response = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "t",
                    "phone", "+919800005555", "createLeadIfMissing", true, "variables", variables));
            assertThat(response.status()).as(String.valueOf(variables)).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(response.body().path("error").path("message").asText()).startsWith("variables.");
        }
        Api.Response metadata = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "t",
                "phone", "+919800005555", "callbackMetadata", Map.of("a.b", 1)));
        assertThat(metadata.status()).isEqualTo(400);
        Api.Response event = api.as(tenant, "POST", "/api/crm/automations/events", Map.of("trigger", "t",
                "phone", "+919800005555", "variables", Map.of("deep", Map.of("a.b", 1))));
        assertThat(event.status()).isEqualTo(400);
        assertThat(events()).isZero();
    }

    @Test
    void aCallbackUrlOutsideTheTenantsCallbackOrigins_isRefused_becauseWeWouldSignWhateverItGets() {
        Map<String, Object> body = Map.of("trigger", "order_paid", "phone", "+919800006666", "createLeadIfMissing", true,
                "callbackUrl", "https://attacker.example/collect");
        Api.Response refused = api.asPublishable(tenant, "POST", "/api/saas/workflows/trigger", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("CALLBACK_URL_NOT_ALLOWED");
        assertThat(events()).isZero();

        api.allowCallbacksTo(tenant, "https://shop.example.com");
        Map<String, Object> allowed = Map.of("trigger", "order_paid", "phone", "+919800006666", "createLeadIfMissing", true,
                "callbackUrl", "https://SHOP.example.com:443/hooks/leadflow");
        assertThat(api.asPublishable(tenant, "POST", "/api/saas/workflows/trigger", allowed).status()).isIn(200, 202);
        for (String other : new String[] {"http://shop.example.com/hooks", "https://shop.example.com:8443/hooks",
                "https://shop.example.com.attacker.example/hooks", "https://evil@shop.example.com/hooks"}) {
            Api.Response response = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "order_paid",
                    "phone", "+919800006666", "callbackUrl", other));
            assertThat(response.status()).as(other).isEqualTo(400);
        }
    }
}
