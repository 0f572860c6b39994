package io.leadflow.api.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The engine as a tenant uses it: rules authored through the API, events fired at the trigger endpoint, sequences
 * doing CRM actions and sends, internal triggers, and the loop guard.
 */
@ApiIntegrationTest
class AutomationEngineTest {

    @LocalServerPort
    int port;

    Api api;
    Api.Tenant tenant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tenant = api.createTenant("engine-" + System.nanoTime() % 1_000_000);
    }

    private String createRule(Map<String, Object> rule) {
        Api.Response created = api.as(tenant, "POST", "/api/crm/automations", rule);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private JsonNode lead(String leadId) {
        return api.as(tenant, "GET", "/api/crm/leads/" + leadId, null).data();
    }

    private JsonNode onlySequence(String leadId) {
        JsonNode listed = api.as(tenant, "GET", "/api/crm/sequences?leadId=" + leadId, null).data();
        assertThat(listed).hasSize(1);
        return listed.get(0);
    }

    private JsonNode outbox(String channel) {
        return api.as(tenant, "GET", "/api/saas/outbox?channel=" + channel, null).data();
    }

    @Test
    void appointmentRule_tagsWaits10sMovesWaitsADayAndEmails_exactlyAsWritten() {
        String ruleId = createRule(Map.of(
                "name", "Appointment follow-up",
                "trigger", "appointment_confirmed",
                "steps", List.of(
                        Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "confirmed"))),
                        Map.of("delay", Map.of("value", 10, "unit", "seconds"),
                                "action", Map.of("type", "move_stage", "params", Map.of("stageName", "Qualified"))),
                        Map.of("delay", Map.of("value", 1, "unit", "days"),
                                "action", Map.of("type", "send_email", "params", Map.of(
                                        "subject", "See you soon, {{lead.firstName}}",
                                        "body", "Your {{event.service}} is booked."))))));

        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876500001", "email", "asha@example.com",
                "firstName", "Asha", "createLeadIfMissing", true, "variables", Map.of("service", "Dental cleaning")));
        assertThat(fired.data().get("rulesMatched").asInt()).isEqualTo(1);
        String leadId = fired.data().get("leadId").asText();
        Instant firedAt = Instant.now();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(lead(leadId).get("tags").toString()).contains("confirmed"));
        assertThat(lead(leadId).get("stageName") == null ? "" : lead(leadId).path("stageName").asText())
                .isNotEqualTo("Qualified");

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(onlySequence(leadId).path("currentStepId").asText()).isEqualTo("step-3"));
        assertThat(Duration.between(firedAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        JsonNode moved = api.as(tenant, "GET", "/api/crm/leads/" + leadId + "/activities", null).data();
        assertThat(moved.toString()).contains("Qualified");
        JsonNode waiting = onlySequence(leadId);
        assertThat(Instant.parse(waiting.get("nextWakeAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(outbox("email")).isEmpty();

        JsonNode events = api.as(tenant, "GET", "/api/saas/events?leadId=" + leadId, null).data();
        assertThat(events.findValuesAsString("trigger")).contains("lead_created", "tag_added", "stage_enter");

        String workflowId = waiting.get("workflowId").asText();
        api.as(tenant, "POST", "/api/crm/sequences/" + workflowId + "/skip-wait", null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outbox("email")).hasSize(1));
        JsonNode email = outbox("email").get(0);
        assertThat(email.get("subject").asText()).isEqualTo("See you soon, Asha");
        assertThat(email.get("recipient").asText()).isEqualTo("asha@example.com");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(onlySequence(leadId).get("status").asText()).isEqualTo("completed"));
        assertThat(api.as(tenant, "GET", "/api/crm/sequences?ruleId=" + ruleId, null).data()).hasSize(1);
    }

    /** README "A first automation", verbatim: the lead has no e-mail, so that step fails and the sequence completes. */
    @Test
    void readmeFirstAutomation_withALeadWithoutEmail_completesWithTheEmailStepFailed() {
        createRule(Map.of("name", "Appointment follow-up", "trigger", "appointment_confirmed",
                "steps", List.of(
                        Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "confirmed"))),
                        Map.of("delay", Map.of("value", 10, "unit", "seconds"),
                                "action", Map.of("type", "move_stage", "params", Map.of("stageName", "Qualified"))),
                        Map.of("delay", Map.of("value", 1, "unit", "days"),
                                "action", Map.of("type", "send_email", "params", Map.of(
                                        "subject", "See you soon, {{lead.firstName}}",
                                        "body", "Your {{event.service}} is booked.")))),
                "exitOn", List.of("lead_replied")));
        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876543210", "firstName", "Asha",
                "createLeadIfMissing", true, "variables", Map.of("service", "Dental cleaning")));
        String leadId = fired.data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(onlySequence(leadId).path("currentStepId").asText()).isEqualTo("step-3"));

        api.as(tenant, "POST", "/api/crm/sequences/" + onlySequence(leadId).get("workflowId").asText() + "/skip-wait", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(onlySequence(leadId).get("status").asText()).isEqualTo("completed"));
        JsonNode done = api.as(tenant, "GET", "/api/crm/sequences/" + onlySequence(leadId).get("workflowId").asText(),
                null).data();
        assertThat(done.path("steps").findValuesAsString("outcome")).containsExactly("done", "done", "failed");
        assertThat(done.path("steps").get(2).path("result").path("code").asText()).isEqualTo("LEAD_HAS_NO_EMAIL");
        assertThat(outbox("email")).isEmpty();
    }

    @Test
    void editingALiveRule_leavesRunningSequencesOnTheirSnapshot_andNewEnrollmentsUseTheNewVersion() {
        Map<String, Object> v1 = Map.of("name", "Nudge", "trigger", "quote_sent", "steps", List.of(
                Map.of("delay", Map.of("value", 2, "unit", "days"),
                        "action", Map.of("type", "add_tag", "params", Map.of("tag", "nudged-v1")))));
        String ruleId = createRule(v1);
        String first = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_sent",
                "phone", "+919876500002", "createLeadIfMissing", true)).data().get("leadId").asText();

        Api.Response edited = api.as(tenant, "PUT", "/api/crm/automations/" + ruleId, Map.of("name", "Nudge",
                "trigger", "quote_sent", "steps", List.of(Map.of("delay", Map.of("value", 2, "unit", "days"),
                        "action", Map.of("type", "add_tag", "params", Map.of("tag", "nudged-v2"))))));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.data().get("version").asInt()).isEqualTo(2);
        String second = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_sent",
                "phone", "+919876500003", "createLeadIfMissing", true)).data().get("leadId").asText();

        for (String leadId : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> onlySequence(leadId));
            api.as(tenant, "POST", "/api/crm/sequences/" + onlySequence(leadId).get("workflowId").asText() + "/skip-wait", null);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(lead(first).get("tags").toString()).contains("nudged-v1").doesNotContain("nudged-v2");
            assertThat(lead(second).get("tags").toString()).contains("nudged-v2");
        });
        assertThat(onlySequence(first).get("version").asInt()).isEqualTo(1);
        assertThat(onlySequence(second).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void ruleThatRefiresItsOwnTrigger_isCutOffByTheLoopGuard_visiblyInTheEventLog() {
        createRule(Map.of("name", "Ping", "trigger", "tag_added", "reEnrollment", "always", "steps", List.of(
                Map.of("action", Map.of("type", "remove_tag", "params", Map.of("tag", "{{event.tag}}"))))));
        createRule(Map.of("name", "Pong", "trigger", "tag_removed", "reEnrollment", "always", "steps", List.of(
                Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "{{event.tag}}"))))));
        String leadId = api.as(tenant, "POST", "/api/crm/leads", Map.of("phone", "+919876500004", "firstName", "Loop"))
                .data().get("id").asText();

        api.as(tenant, "POST", "/api/crm/leads/" + leadId + "/tags", Map.of("add", List.of("vip")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode suppressed = api.as(tenant, "GET", "/api/saas/events?status=suppressed", null).data();
            assertThat(suppressed).isNotEmpty();
            assertThat(suppressed.get(0).path("error").path("code").asText()).isEqualTo("LOOP_GUARD");
        });
        JsonNode all = api.as(tenant, "GET", "/api/saas/events?leadId=" + leadId + "&limit=500", null).data();
        assertThat(all.size()).isLessThan(20);
    }

    @Test
    void ruleCondition_decidesWhetherTheLeadIsEnrolled() {
        createRule(Map.of("name", "Big deals only", "trigger", "quote_requested",
                "condition", Map.of("all", List.of(Map.of("fact", "event.amount", "operator", "greaterThanInclusive",
                        "value", 1000))),
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "big-deal"))))));

        Api.Response small = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_requested",
                "phone", "+919876500005", "createLeadIfMissing", true, "variables", Map.of("amount", 200)));
        Api.Response big = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_requested",
                "phone", "+919876500006", "createLeadIfMissing", true, "variables", Map.of("amount", 5000)));

        assertThat(small.data().get("rulesMatched").asInt()).isZero();
        assertThat(big.data().get("rulesMatched").asInt()).isEqualTo(1);
        String bigLead = big.data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(lead(bigLead).get("tags").toString()).contains("big-deal"));
    }
}
