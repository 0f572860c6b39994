package io.leadflow.api.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Sequences written in Java, as an operator and a rule author reach them through the API. */
@ApiIntegrationTest
class CodeSequenceApiTest {

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflows;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("code-" + System.nanoTime() % 1_000_000);
    }

    private String lead(String phone, String firstName) {
        Api.Response created = api.as(acme, "POST", "/api/crm/leads", Map.of("phone", phone, "firstName", firstName,
                "email", firstName.toLowerCase() + "@example.com"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private Api.Response enroll(Map<String, Object> body) {
        return api.as(acme, "POST", "/api/crm/sequences", body);
    }

    @Test
    void definitions_listTheCodeSequencesWorkersPublished() {
        JsonNode definitions = api.as(acme, "GET", "/api/crm/sequences/definitions", null).data();

        assertThat(definitions.findValuesAsString("name")).contains("appointment-reminder", "lead-nurture");
        JsonNode reminder = definitions.get(definitions.findValuesAsString("name").indexOf("appointment-reminder"));
        assertThat(reminder.get("version").asInt()).isEqualTo(1);
        assertThat(reminder.get("description").asText()).contains("WhatsApp");
        assertThat(reminder.get("steps").toString()).contains("whatsapp-reminder", "email-fallback");
    }

    @Test
    void anOperatorEnrollsALead_andSeesItInTheListAndInTemporal() {
        String leadId = lead("+919822000001", "Asha");

        Api.Response enrolled = enroll(Map.of("sequence", "code:appointment-reminder", "leadId", leadId,
                "variables", Map.of("service", "Dental cleaning", "appointmentTime", "Fri 10:30")));

        assertThat(enrolled.status()).as(enrolled.raw().body()).isEqualTo(201);
        String workflowId = enrolled.data().get("workflowId").asText();
        assertThat(workflowId).isEqualTo("seq:" + acme.clientCode() + ":" + leadId + ":code:appointment-reminder");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("sequenceKey").asText()).isEqualTo("code:appointment-reminder");
            assertThat(listed.get(0).get("status").asText()).isEqualTo("running");
            assertThat(listed.get(0).get("currentStepId").asText()).isEqualTo("await-reply");
        });
        WorkflowExecutionDescription described = workflows.newUntypedWorkflowStub(workflowId).describe();
        assertThat(described.getTypedSearchAttributes().get(LeadflowSearchAttributes.SEQUENCE_NAME))
                .isEqualTo("appointment-reminder");
        assertThat(described.getTypedSearchAttributes().get(LeadflowSearchAttributes.CLIENT_CODE))
                .isEqualTo(acme.clientCode());
        assertThat(described.getStaticSummary()).isEqualTo("appointment-reminder · Asha +919822000001");
        JsonNode outbox = api.as(acme, "GET", "/api/saas/outbox?channel=whatsapp", null).data();
        assertThat(outbox).singleElement().satisfies(message -> assertThat(message.get("bodyVariables").toString())
                .contains("Asha", "Dental cleaning", "Fri 10:30"));
    }

    @Test
    void aSecondEnrollment_is409_unlessReEnrollmentAlwaysRestartsIt() {
        String leadId = lead("+919822000002", "Ravi");
        assertThat(enroll(Map.of("sequence", "code:lead-nurture", "leadId", leadId)).status()).isEqualTo(201);

        Api.Response again = enroll(Map.of("sequence", "code:lead-nurture", "leadId", leadId));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("ALREADY_ENROLLED");

        Api.Response restarted = enroll(Map.of("sequence", "code:lead-nurture", "leadId", leadId, "reEnrollment", "always"));
        assertThat(restarted.status()).isEqualTo(201);
        assertThat(restarted.data().get("restarted").asBoolean()).isTrue();
    }

    @Test
    void unknownSequenceOrLead_is404_andABadBodyIs400() {
        String leadId = lead("+919822000003", "Mira");

        Api.Response unknownSequence = enroll(Map.of("sequence", "code:no-such-thing", "leadId", leadId));
        assertThat(unknownSequence.status()).isEqualTo(404);
        assertThat(unknownSequence.errorCode()).isEqualTo("SEQUENCE_DEFINITION_NOT_FOUND");

        Api.Response unknownLead = enroll(Map.of("sequence", "code:lead-nurture", "leadId", "6b0e0000000000000000dead"));
        assertThat(unknownLead.status()).isEqualTo(404);
        assertThat(unknownLead.errorCode()).isEqualTo("LEAD_NOT_FOUND");

        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("sequence", "lead-nurture", "leadId", leadId),
                Map.of("sequence", "code:lead-nurture"),
                Map.of("sequence", "code:lead-nurture", "leadId", leadId, "reEnrollment", "sometimes"),
                Map.of("sequence", "code:lead-nurture", "leadId", leadId, "variables", Map.of("a.b", 1)))) {
            Api.Response refused = enroll(bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void aRuleTargetsACodeSequence_andItsTriggerEnrollsTheLeadInIt() {
        Api.Response refused = api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Nurture unknown",
                "trigger", "signed_up", "sequence", "code:missing"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("message").asText()).startsWith("sequence:");
        Api.Response rule = api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Nurture new leads",
                "trigger", "signed_up", "sequence", "code:lead-nurture"));
        assertThat(rule.status()).as(rule.raw().body()).isEqualTo(201);
        assertThat(rule.data().get("sequence").asText()).isEqualTo("code:lead-nurture");

        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919822000004", "firstName", "Dev", "createLeadIfMissing", true));

        assertThat(fired.data().get("rulesMatched").asInt()).isEqualTo(1);
        String leadId = fired.data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data();
            assertThat(listed).singleElement().satisfies(entry -> {
                assertThat(entry.get("name").asText()).isEqualTo("Nurture new leads");
                assertThat(entry.get("ruleId").asText()).isEqualTo(rule.data().get("id").asText());
                assertThat(entry.get("totalSteps").asInt()).isEqualTo(5);
            });
        });
    }
}
