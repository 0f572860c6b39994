package io.leadflow.api.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.Step;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.tenant.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/** Sequences end to end through the API: enrollment by a trigger, operator view and control, tenant isolation. */
@ApiIntegrationTest
class SequenceApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("seq-" + System.nanoTime() % 1_000_000);
    }

    private AutomationRule saveRule(String trigger, List<String> exitOn, Step... steps) {
        Instant now = Instant.now();
        return tenants.scope(acme.clientCode()).data().insert(new AutomationRule(null, acme.clientCode(),
                "Reminder", null, trigger, true, null, List.of(steps), exitOn, AutomationRule.NEVER, null, null, 1, now, now, null));
    }

    private JsonNode fire(String trigger, String phone) {
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", trigger,
                "phone", phone, "firstName", "Asha", "createLeadIfMissing", true,
                "variables", Map.of("service", "Dental cleaning")));
        assertThat(fired.status()).isEqualTo(200);
        String eventLogId = fired.data().get("eventLogId").asText();
        // Enrollment happens after the trigger is accepted; the event completes once its sequences have started.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/saas/events/" + eventLogId, null).data().get("status").asText()).isEqualTo("completed"));
        return fired.data();
    }

    private List<OutboxMessage> outbox() {
        return tenants.scope(acme.clientCode()).data().find(new Query(), OutboxMessage.class);
    }

    /** A bulk job followed to its end. */
    private JsonNode finished(Api.Response started) {
        return finished(started, acme);
    }

    private JsonNode finished(Api.Response started, Api.Tenant owner) {
        String jobId = started.data().get("id").asText();
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> api.as(owner, "GET", "/api/crm/sequences/bulk/" + jobId, null).data(),
                job -> job.get("status").asText().equals("completed"));
    }

    private JsonNode sequence(String workflowId) {
        return api.as(acme, "GET", "/api/crm/sequences/" + workflowId, null).data();
    }

    @Test
    void triggeredRule_runsAsASequenceThatOperatorsCanInspectPauseAndFastForward() {
        AutomationRule rule = saveRule("appointment_confirmed", List.of("lead_replied"),
                new Step("remind", null, null, null, null, new Action("send_whatsapp", Map.of(
                        "templateName", "appointment_reminder",
                        "variables", List.of("{{lead.firstName}}", "{{event.service}}")))),
                new Step("follow-up", new Delay(1, "days"), null, null, null, new Action("send_email", Map.of(
                        "to", "asha@example.com", "subject", "How was it, {{lead.firstName}}?",
                        "body", "Tell us about your {{event.service}}."))));

        JsonNode fired = fire("appointment_confirmed", "+919876543210");
        assertThat(fired.get("rulesMatched").asInt()).isEqualTo(1);
        String leadId = fired.get("leadId").asText();
        String workflowId = "seq:" + acme.clientCode() + ":" + leadId + ":rule:" + rule.id();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("currentStepId").asText()).isEqualTo("follow-up"));
        OutboxMessage whatsapp = outbox().get(0);
        assertThat(whatsapp.channel()).isEqualTo("whatsapp");
        assertThat(whatsapp.recipient()).isEqualTo("+919876543210");
        assertThat(whatsapp.bodyVariables()).containsExactly("Asha", "Dental cleaning");

        JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("ruleId").asText()).isEqualTo(rule.id());
        assertThat(listed.get(0).get("status").asText()).isEqualTo("running");
        Instant wake = Instant.parse(sequence(workflowId).path("nextWakeAt").asText());
        assertThat(wake).isAfter(Instant.now().plus(Duration.ofHours(23)));

        assertThat(api.as(acme, "POST", "/api/crm/sequences/" + workflowId + "/pause", null).status()).isEqualTo(200);
        api.as(acme, "POST", "/api/crm/sequences/" + workflowId + "/skip-wait", null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("paused"));
        assertThat(outbox()).hasSize(1);

        api.as(acme, "POST", "/api/crm/sequences/" + workflowId + "/resume", null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("completed"));
        OutboxMessage email = outbox().get(1);
        assertThat(email.channel()).isEqualTo("email");
        assertThat(email.subject()).isEqualTo("How was it, Asha?");
        JsonNode done = sequence(workflowId);
        assertThat(done.path("steps").findValuesAsString("outcome")).containsExactly("done", "done");
        assertThat(done.path("closedBy").asText()).isEqualTo("workflow");
    }

    @Test
    void leadEventListedInExitOn_endsTheRunningSequence() {
        saveRule("appointment_confirmed", List.of("lead_replied"),
                new Step("later", new Delay(2, "days"), null, null, null, new Action("send_whatsapp",
                        Map.of("templateName", "nudge"))));
        String leadId = fire("appointment_confirmed", "+919800000001").get("leadId").asText();

        fire("lead_replied", "+919800000001");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data();
            assertThat(listed.get(0).get("status").asText()).isEqualTo("exited");
            assertThat(listed.get(0).get("exitReason").asText()).isEqualTo("lead_replied");
        });
        assertThat(outbox()).isEmpty();
    }

    @Test
    void secondMatch_neverEnrollsTheLeadTwice() {
        saveRule("appointment_confirmed", List.of(),
                new Step("later", new Delay(2, "days"), null, null, null, new Action("send_whatsapp",
                        Map.of("templateName", "nudge"))));
        String leadId = fire("appointment_confirmed", "+919800000002").get("leadId").asText();
        JsonNode second = fire("appointment_confirmed", "+919800000002");

        // the index shows a sequence once its run has started (milliseconds after its event completed)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data()).hasSize(1));
        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + second.get("eventLogId").asText(), null).data();
        assertThat(event.path("enrolledWorkflowIds")).isEmpty();
        assertThat(event.path("history").findValuesAsString("note").toString()).contains("1 already enrolled");
    }

    @Test
    void bulkControl_affectsEveryOpenSequenceOfTheRule_andReportsHowMany() {
        AutomationRule rule = saveRule("webinar_signup", List.of(),
                new Step("later", new Delay(3, "days"), null, null, null, new Action("send_whatsapp",
                        Map.of("templateName", "webinar"))));
        fire("webinar_signup", "+919800000003");
        fire("webinar_signup", "+919800000004");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?status=running&ruleId=" + rule.id(), null).data()).hasSize(2));
        Api.Response paused = api.as(acme, "POST", "/api/crm/sequences/bulk/pause", Map.of("ruleId", rule.id()));
        assertThat(paused.status()).isEqualTo(202);
        assertThat(finished(paused).get("affected").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?status=paused&ruleId=" + rule.id(), null).data()).hasSize(2));

        Api.Response cancelled = api.as(acme, "POST", "/api/crm/sequences/bulk/cancel",
                Map.of("ruleId", rule.id(), "reason", "campaign withdrawn"));
        assertThat(finished(cancelled).get("affected").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?status=cancelled&ruleId=" + rule.id(), null).data()).hasSize(2));
    }

    @Test
    void anotherTenant_canNeitherSeeNorControlTheSequence() {
        AutomationRule rule = saveRule("appointment_confirmed", List.of(),
                new Step("later", new Delay(2, "days"), null, null, null, new Action("send_whatsapp",
                        Map.of("templateName", "nudge"))));
        String leadId = fire("appointment_confirmed", "+919800000005").get("leadId").asText();
        String workflowId = "seq:" + acme.clientCode() + ":" + leadId + ":rule:" + rule.id();
        Api.Tenant globex = api.createTenant("globex-" + System.nanoTime() % 1_000_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sequence(workflowId).path("status").asText()).isEqualTo("running"));

        assertThat(api.as(globex, "GET", "/api/crm/sequences/" + workflowId, null).status()).isEqualTo(404);
        for (String action : List.of("pause", "resume", "cancel", "skip-wait")) {
            Api.Response response = api.as(globex, "POST", "/api/crm/sequences/" + workflowId + "/" + action, null);
            assertThat(response.status()).as(action).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("SEQUENCE_NOT_FOUND");
        }
        assertThat(api.as(globex, "GET", "/api/crm/sequences", null).data()).isEmpty();
        assertThat(finished(api.as(globex, "POST", "/api/crm/sequences/bulk/cancel", Map.of("ruleId", rule.id())), globex)
                .get("affected").asInt()).isZero();
        assertThat(sequence(workflowId).path("status").asText()).isEqualTo("running");
    }

    @Test
    void quickSequence_endsCompletedInTheIndex_andAfterCompletionReEnrollsAsANewRun() {
        Instant now = Instant.now();
        AutomationRule rule = tenants.scope(acme.clientCode()).data().insert(new AutomationRule(null, acme.clientCode(),
                "Visit thanks", null, "visit_logged", true, null,
                List.of(new Step("thanks", null, null, null, null, new Action("send_whatsapp",
                        Map.of("templateName", "thanks_for_visiting")))),
                List.of(), AutomationRule.AFTER_COMPLETION, null, null, 1, now, now, null));

        String leadId = fire("visit_logged", "+919800000007").get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("status").asText()).isEqualTo("completed"));

        fire("visit_logged", "+919800000007");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(outbox()).hasSize(2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?ruleId=" + rule.id(), null).data();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("status").asText()).isEqualTo("completed");
        });
        assertThat(outbox()).extracting(OutboxMessage::idempotencyKey).doesNotHaveDuplicates();
    }
}
