package io.leadflow.api.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rules as data through the API, versioned edits, and business events for existing leads. */
@ApiIntegrationTest
class AutomationApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("auto-" + System.nanoTime() % 1_000_000);
    }

    static final String VIP_RULE = """
            {
              "name": "Welcome VIPs",
              "trigger": "tag_added",
              "condition": {"all": [{"fact": "event.tag", "operator": "equal", "value": "vip"}]},
              "steps": [
                {"action": {"type": "add_tag", "params": {"tag": "welcomed"}}},
                {"delay": {"value": 2, "unit": "days"}, "waitUntil": {"time": "09:00", "timezone": "Asia/Kolkata"},
                 "action": {"type": "send_email", "params": {"subject": "Hi {{lead.firstName}}", "body": "..."}}}
              ],
              "exitOn": ["lead_replied"]
            }""";

    private JsonNode createRule(String json) {
        Api.Response created = api.as(acme, "POST", "/api/crm/automations", json);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data();
    }

    private String createLead(String phone) {
        return api.as(acme, "POST", "/api/crm/leads", Map.of("phone", phone, "firstName", "Asha")).data().get("id").asText();
    }

    @Test
    void aRuleIsStoredWithDefaultsAndReadBackInTheSameShape() {
        JsonNode rule = createRule(VIP_RULE);

        assertThat(rule.get("id").asText()).hasSize(24);
        assertThat(rule.get("version").asInt()).isEqualTo(1);
        assertThat(rule.get("isActive").asBoolean()).isTrue();
        assertThat(rule.get("reEnrollment").asText()).isEqualTo("never");
        assertThat(rule.get("steps").findValuesAsString("id")).containsExactly("step-1", "step-2");
        assertThat(rule.get("condition").has("any")).isFalse();
        assertThat(api.as(acme, "GET", "/api/crm/automations/" + rule.get("id").asText(), null).data()).isEqualTo(rule);
    }

    @Test
    void everyEditIsANewVersionAndAReadRuleCanBeSentBackAsIs() {
        JsonNode rule = createRule(VIP_RULE);
        String id = rule.get("id").asText();

        Api.Response put = api.as(acme, "PUT", "/api/crm/automations/" + id, JSON.writeValueAsString(rule));
        Api.Response patched = api.as(acme, "PATCH", "/api/crm/automations/" + id, Map.of("isActive", false));

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.data().get("version").asInt()).isEqualTo(2);
        assertThat(patched.data().get("version").asInt()).isEqualTo(3);
        assertThat(patched.data().get("isActive").asBoolean()).isFalse();
        assertThat(patched.data().get("steps")).isEqualTo(rule.get("steps"));
    }

    @Test
    void rulesAreListedByTriggerAndActivity() {
        createRule(VIP_RULE);
        String paused = createRule(VIP_RULE.replace("Welcome VIPs", "Paused").replace("\"trigger\": \"tag_added\"",
                "\"trigger\": \"tag_added\", \"isActive\": false")).get("id").asText();
        createRule(VIP_RULE.replace("tag_added", "lead_created"));

        assertThat(api.as(acme, "GET", "/api/crm/automations", null).data()).hasSize(3);
        assertThat(api.as(acme, "GET", "/api/crm/automations?trigger=tag_added", null).data()).hasSize(2);
        JsonNode inactive = api.as(acme, "GET", "/api/crm/automations?trigger=tag_added&isActive=false", null).data();
        assertThat(inactive).hasSize(1);
        assertThat(inactive.get(0).get("id").asText()).isEqualTo(paused);
        assertThat(api.as(acme, "GET", "/api/crm/automations?isActive=maybe", null).status()).isEqualTo(400);
    }

    @Test
    void deletedRulesAreGone() {
        String id = createRule(VIP_RULE).get("id").asText();

        assertThat(api.as(acme, "DELETE", "/api/crm/automations/" + id, null).status()).isEqualTo(200);

        Api.Response read = api.as(acme, "GET", "/api/crm/automations/" + id, null);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.errorCode()).isEqualTo("RULE_NOT_FOUND");
        assertThat(api.as(acme, "PATCH", "/api/crm/automations/" + id, Map.of("isActive", true)).status()).isEqualTo(404);
        assertThat(api.as(acme, "GET", "/api/crm/automations/%20nope", null).status()).isEqualTo(404);
    }

    @Test
    void taggingALeadThroughTheApiMatchesTheTagRule() {
        createRule(VIP_RULE);
        String leadId = createLead("+15550300000");

        api.as(acme, "POST", "/api/crm/leads/" + leadId + "/tags", Map.of("add", List.of("vip")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode vipTagged = null;
            for (JsonNode event : api.as(acme, "GET", "/api/saas/events?leadId=" + leadId + "&trigger=tag_added", null).data()) {
                if ("vip".equals(event.path("request").path("variables").path("tag").asText())) {
                    vipTagged = event;
                }
            }
            assertThat(vipTagged).isNotNull();
            assertThat(vipTagged.get("source").asText()).isEqualTo("crm");
            assertThat(vipTagged.path("rulesMatched").asInt()).isEqualTo(1);
        });
    }

    @Test
    void aBusinessEventForAnExistingLeadIsRecordedAndStarted() {
        String leadId = createLead("+15550300100");
        assertThat(api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Paid", "trigger", "order_paid",
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "paid"))))))
                .status()).isEqualTo(201);

        Api.Response fired = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "order_paid", "phone", "+1 555 030 0100", "variables", Map.of("amount", 4200, "plan", "gold")));

        assertThat(fired.status()).isEqualTo(202);
        String eventLogId = fired.data().get("eventLogId").asText();
        assertThat(fired.data().get("leadId").asText()).isEqualTo(leadId);
        assertThat(fired.data().get("rulesMatched").asInt()).isEqualTo(1);
        assertThat(fired.data().get("status").asText()).isEqualTo("completed");
        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("trigger").asText()).isEqualTo("order_paid");
        assertThat(event.get("source").asText()).isEqualTo("event");
        assertThat(event.get("leadId").asText()).isEqualTo(leadId);
        assertThat(event.path("request").path("variables").path("plan").asText()).isEqualTo("gold");
        assertThat(event.path("enrolledWorkflowIds").get(0).asText()).startsWith("seq:" + acme.clientCode() + ":" + leadId);
    }

    @Test
    void aBusinessEventNothingListensTo_isLoggedCompletedWithoutAWorkflow() {
        String leadId = createLead("+15550300150");

        Api.Response fired = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "newsletter_opened", "leadId", leadId));

        assertThat(fired.status()).isEqualTo(202);
        assertThat(fired.data().has("workflowId")).isFalse();
        assertThat(fired.data().get("status").asText()).isEqualTo("completed");
        assertThat(fired.data().get("rulesMatched").asInt()).isZero();
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstEvent() {
        String leadId = createLead("+15550300200");
        Map<String, Object> body = Map.of("trigger", "order_paid", "leadId", leadId, "idempotencyKey", "order-77");

        Api.Response first = api.as(acme, "POST", "/api/crm/automations/events", body);
        Api.Response second = api.as(acme, "POST", "/api/crm/automations/events", body);

        assertThat(second.data().get("eventLogId").asText()).isEqualTo(first.data().get("eventLogId").asText());
        assertThat(second.data().get("duplicate").asBoolean()).isTrue();
        assertThat(api.as(acme, "GET", "/api/saas/events?trigger=order_paid", null).data()).hasSize(1);
    }

    @Test
    void eventsForUnknownLeadsOrWithBadInputAreRefused() {
        Api.Response unknownId = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "order_paid", "leadId", "64a5b8e8f1b2c3d4e5f6a7b1"));
        Api.Response unknownPhone = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "order_paid", "phone", "+15559999999"));
        Api.Response noLead = api.as(acme, "POST", "/api/crm/automations/events", Map.of("trigger", "order_paid"));
        Api.Response badTrigger = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "Order Paid", "phone", "+15559999999"));
        Api.Response dottedVariable = api.as(acme, "POST", "/api/crm/automations/events",
                Map.of("trigger", "order_paid", "leadId", createLead("+15550300300"), "variables", Map.of("utm.source", "x")));

        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.errorCode()).isEqualTo("LEAD_NOT_FOUND");
        assertThat(unknownPhone.errorCode()).isEqualTo("LEAD_NOT_FOUND");
        assertThat(noLead.body().path("error").path("message").asText()).startsWith("leadId: ");
        assertThat(badTrigger.body().path("error").path("message").asText()).startsWith("trigger: ");
        assertThat(dottedVariable.status()).isEqualTo(400);
        assertThat(dottedVariable.body().path("error").path("message").asText()).startsWith("variables.utm.source: ");
    }
}
