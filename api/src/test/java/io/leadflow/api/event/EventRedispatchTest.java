package io.leadflow.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.event.EventLog;
import io.leadflow.shared.event.EventLogs;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Events kept as {@code received} while Temporal was down are started once it is back: nothing accepted is lost. */
@ApiIntegrationTest
class EventRedispatchTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    LeadService leads;

    @Autowired
    EventRedispatcher redispatcher;

    /** An event as the trigger endpoint leaves it when Temporal refused the start: received, with its request. */
    private EventLog keptDuringOutage(TenantScope tenant, String leadId, Instant at) {
        return tenant.central().insert(new EventLog(null, tenant.clientCode(), "appointment_confirmed", "api",
                EventLog.RECEIVED, leadId, null, null, null, null, null, 0,
                Map.of("phone", "+919822200000", "variables", Map.of("service", "cleaning")), null, null, null,
                List.of(new EventLog.StatusChange(EventLog.RECEIVED, at, null)), at, at, null));
    }

    @Test
    void stuckEvents_areStartedAgainAndComplete_whileFreshOnesAreLeftToTheirRequest() {
        Api api = new Api(port);
        Api.Tenant created = api.createTenant("outage-" + System.nanoTime() % 1_000_000);
        TenantScope tenant = tenants.scope(created.clientCode());
        // a rule listens, so the event needs the engine (an event nothing listens to completes without it)
        assertThat(api.as(created, "POST", "/api/crm/automations", Map.of("name", "Thanks",
                "trigger", "appointment_confirmed", "steps", List.of(Map.of("action",
                        Map.of("type", "add_tag", "params", Map.of("tag", "{{event.service}}")))))).status())
                .isEqualTo(201);
        String leadId = leads.create(tenant, NewLead.contact("+919822200000", null, "Ravi", null, "test"), 0).id();
        EventLog stuck = keptDuringOutage(tenant, leadId, Instant.now().minus(Duration.ofMinutes(5)));
        EventLog fresh = keptDuringOutage(tenant, leadId, Instant.now());

        redispatcher.redispatchStuckEvents();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(EventLogs.byId(tenant, stuck.id()).orElseThrow().status()).isEqualTo(EventLog.COMPLETED));
        assertThat(EventLogs.byId(tenant, stuck.id()).orElseThrow().enrolledWorkflowIds())
                .singleElement().asString().startsWith("seq:" + created.clientCode() + ":" + leadId);
        assertThat(EventLogs.byId(tenant, fresh.id()).orElseThrow().status()).isEqualTo(EventLog.RECEIVED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(leads.get(tenant, leadId).tags()).containsExactly("cleaning"));

        Api.Response replayed = api.as(created, "POST", "/api/saas/events/" + fresh.id() + "/replay", null);
        assertThat(replayed.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(EventLogs.byId(tenant, fresh.id()).orElseThrow().status()).isEqualTo(EventLog.COMPLETED));
        Api.Response again = api.as(created, "POST", "/api/saas/events/" + fresh.id() + "/replay", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
    }
}
