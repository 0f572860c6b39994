package io.leadflow.api.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Tenant A, with its own valid key, tries every CRM route on tenant B's ids: each is a 404 (B's things do not
 * exist for A), nothing of B's shows up in A's lists, and B's data is exactly as it was afterwards.
 */
@ApiIntegrationTest
class TenantIsolationTest {

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant a;
    Api.Tenant b;
    String bLead;
    String bPipeline;
    String bRule;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        long n = System.nanoTime() % 1_000_000;
        a = api.createTenant("iso-a-" + n);
        b = api.createTenant("iso-b-" + n);
        bPipeline = api.as(b, "POST", "/api/crm/pipelines", Map.of("name", "B deals", "stages", List.of("Open", "Closed")))
                .data().get("id").asText();
        bLead = api.as(b, "POST", "/api/crm/leads", Map.of("phone", "+15550400000", "email", "only-b@example.com",
                "firstName", "Bea", "pipelineId", bPipeline, "tags", List.of("b-tag"))).data().get("id").asText();
        api.as(b, "POST", "/api/crm/leads/" + bLead + "/notes", Map.of("body", "B's secret note"));
        bRule = api.as(b, "POST", "/api/crm/automations", "{\"name\": \"B rule\", \"trigger\": \"order_refunded\", "
                + "\"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"seen\"}}}]}").data().get("id").asText();
    }

    private Map<String, JsonNode> snapshotOfB() {
        return Map.of(
                "lead", api.as(b, "GET", "/api/crm/leads/" + bLead, null).data(),
                "notes", api.as(b, "GET", "/api/crm/leads/" + bLead + "/notes", null).data(),
                "activities", api.as(b, "GET", "/api/crm/leads/" + bLead + "/activities", null).data(),
                "pipeline", api.as(b, "GET", "/api/crm/pipelines/" + bPipeline, null).data(),
                "rule", api.as(b, "GET", "/api/crm/automations/" + bRule, null).data());
    }

    private void assertNotFound(String method, String path, Object body, String code) {
        Api.Response response = api.as(a, method, path, body);
        assertThat(response.status()).as(method + " " + path + " -> " + response.raw().body()).isEqualTo(404);
        assertThat(response.errorCode()).as(method + " " + path).isEqualTo(code);
        assertThat(response.body().get("success").asBoolean()).isFalse();
    }

    @Test
    void tenantACannotReachTenantBsLeads() {
        Map<String, JsonNode> before = snapshotOfB();
        String lead = "/api/crm/leads/" + bLead;

        assertNotFound("GET", lead, null, "LEAD_NOT_FOUND");
        assertNotFound("PATCH", lead, Map.of("firstName", "Hacked"), "LEAD_NOT_FOUND");
        assertNotFound("POST", lead + "/move", Map.of("stageName", "Closed"), "LEAD_NOT_FOUND");
        assertNotFound("POST", lead + "/tags", Map.of("add", List.of("pwned"), "remove", List.of("b-tag")), "LEAD_NOT_FOUND");
        assertNotFound("POST", lead + "/assign", Map.of("userId", "mallory"), "LEAD_NOT_FOUND");
        assertNotFound("GET", lead + "/notes", null, "LEAD_NOT_FOUND");
        assertNotFound("POST", lead + "/notes", Map.of("body", "A was here"), "LEAD_NOT_FOUND");
        assertNotFound("GET", lead + "/activities", null, "LEAD_NOT_FOUND");
        assertNotFound("DELETE", lead, null, "LEAD_NOT_FOUND");
        assertNotFound("POST", "/api/crm/automations/events", Map.of("trigger", "order_paid", "leadId", bLead), "LEAD_NOT_FOUND");
        assertNotFound("POST", "/api/crm/automations/events", Map.of("trigger", "order_paid", "email", "only-b@example.com"), "LEAD_NOT_FOUND");

        assertThat(api.as(a, "GET", "/api/crm/leads", null).body().get("data")).isEmpty();
        assertThat(api.as(a, "GET", "/api/crm/leads?q=Bea", null).body().get("pagination").get("total").asLong()).isZero();
        assertThat(api.as(a, "GET", "/api/saas/events?leadId=" + bLead, null).data()).isEmpty();
        assertThat(snapshotOfB()).isEqualTo(before);
    }

    @Test
    void tenantACannotReachTenantBsPipelinesOrRules() {
        Map<String, JsonNode> before = snapshotOfB();

        assertNotFound("GET", "/api/crm/pipelines/" + bPipeline, null, "NOT_FOUND");
        assertNotFound("PATCH", "/api/crm/pipelines/" + bPipeline, Map.of("name", "Mine now"), "NOT_FOUND");
        assertNotFound("DELETE", "/api/crm/pipelines/" + bPipeline, null, "NOT_FOUND");
        assertNotFound("GET", "/api/crm/automations/" + bRule, null, "RULE_NOT_FOUND");
        assertNotFound("PUT", "/api/crm/automations/" + bRule, "{\"name\": \"x\", \"trigger\": \"t\", "
                + "\"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}]}", "RULE_NOT_FOUND");
        assertNotFound("PATCH", "/api/crm/automations/" + bRule, Map.of("isActive", false), "RULE_NOT_FOUND");
        assertNotFound("DELETE", "/api/crm/automations/" + bRule, null, "RULE_NOT_FOUND");

        JsonNode pipelines = api.as(a, "GET", "/api/crm/pipelines", null).data();
        assertThat(pipelines).hasSize(1);
        assertThat(pipelines.get(0).get("id").asText()).isNotEqualTo(bPipeline);
        assertThat(api.as(a, "GET", "/api/crm/automations", null).data()).isEmpty();
        Api.Response intoBsPipeline = api.as(a, "POST", "/api/crm/leads", Map.of("phone", "+15550400001", "pipelineId", bPipeline));
        assertThat(intoBsPipeline.status()).isEqualTo(400);
        assertThat(snapshotOfB()).isEqualTo(before);
    }

    @Test
    void contactsAreUniquePerTenantOnly() {
        Api.Response samePhoneInA = api.as(a, "POST", "/api/crm/leads", Map.of("phone", "+15550400000"));

        assertThat(samePhoneInA.status()).isEqualTo(201);
        assertThat(samePhoneInA.data().get("id").asText()).isNotEqualTo(bLead);
        assertThat(api.as(b, "GET", "/api/crm/leads/" + bLead, null).data().get("firstName").asText()).isEqualTo("Bea");
    }
}
