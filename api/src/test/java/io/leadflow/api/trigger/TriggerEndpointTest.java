package io.leadflow.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class TriggerEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflowClient;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("acme-" + System.nanoTime() % 1_000_000);
    }

    @Test
    void firedTrigger_isRecordedEnrollsTheLeadAndCompletes() {
        assertThat(api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Confirm",
                "trigger", "appointment_confirmed", "steps", java.util.List.of(Map.of("action",
                        Map.of("type", "add_tag", "params", Map.of("tag", "confirmed")))))).status()).isEqualTo(201);
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876543210", "firstName", "Asha",
                "createLeadIfMissing", true));

        assertThat(fired.status()).isEqualTo(200);
        assertThat(fired.body().get("success").asBoolean()).isTrue();
        String eventLogId = fired.data().get("eventLogId").asText();
        String leadId = fired.data().get("leadId").asText();
        assertThat(leadId).isNotBlank();
        assertThat(fired.data().get("rulesMatched").asInt()).isEqualTo(1);
        // its only work was an enrollment: done by the API, with no workflow of the event's own
        assertThat(fired.data().has("workflowId")).isFalse();
        assertThat(fired.data().get("status").asText()).isEqualTo("completed");

        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("history").findValuesAsString("status"))
                .containsExactly("received", "processing", "completed");
        assertThat(event.get("trigger").asText()).isEqualTo("appointment_confirmed");
        String workflowId = event.get("enrolledWorkflowIds").get(0).asText();
        assertThat(workflowId).startsWith("seq:" + acme.clientCode() + ":" + leadId + ":rule:");

        WorkflowStub stub = workflowClient.newUntypedWorkflowStub(workflowId);
        assertThat(stub.describe().getTypedSearchAttributes().get(LeadflowSearchAttributes.CLIENT_CODE))
                .isEqualTo(acme.clientCode());
    }

    @Test
    void aDelayedTrigger_isCarriedByItsOwnWorkflow() {
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876543298", "createLeadIfMissing", true,
                "delayMinutes", 30));

        assertThat(fired.status()).isEqualTo(200);
        String eventLogId = fired.data().get("eventLogId").asText();
        assertThat(fired.data().get("workflowId").asText()).isEqualTo("trigger:" + acme.clientCode() + ":" + eventLogId);
        assertThat(fired.data().get("status").asText()).isEqualTo("processing");
        assertThat(workflowClient.newUntypedWorkflowStub(fired.data().get("workflowId").asText()).describe()
                .getTypedSearchAttributes().get(LeadflowSearchAttributes.CLIENT_CODE)).isEqualTo(acme.clientCode());
    }

    @Test
    void aTriggerNothingListensTo_isAnsweredAndCompletedWithoutAWorkflow() {
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "page_viewed", "phone", "+919876543299", "createLeadIfMissing", true));

        assertThat(fired.status()).isEqualTo(200);
        assertThat(fired.data().has("workflowId")).isFalse();
        assertThat(fired.data().get("rulesMatched").asInt()).isZero();
        assertThat(fired.data().get("status").asText()).isEqualTo("completed");
        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + fired.data().get("eventLogId").asText(), null).data();
        assertThat(event.get("history").findValuesAsString("status")).containsExactly("received", "completed");
    }

    @Test
    void sameIdempotencyKey_returnsTheSameEventAndStartsNothingNew() {
        Map<String, Object> body = Map.of("trigger", "form_submitted", "email", "ravi@example.com",
                "createLeadIfMissing", true, "idempotencyKey", "order-42");
        Api.Response first = api.as(acme, "POST", "/api/saas/workflows/trigger", body);
        Api.Response second = api.as(acme, "POST", "/api/saas/workflows/trigger", body);

        assertThat(second.data().get("eventLogId").asText()).isEqualTo(first.data().get("eventLogId").asText());
        assertThat(second.data().get("duplicate").asBoolean()).isTrue();
        Api.Response events = api.as(acme, "GET", "/api/saas/events?trigger=form_submitted", null);
        assertThat(events.data()).hasSize(1);
    }

    @Test
    void unknownLeadWithoutCreate_is404AndTheEventLogRecordsIt() {
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+15550001111", "createLeadIfMissing", false));

        assertThat(fired.status()).isEqualTo(404);
        assertThat(fired.errorCode()).isEqualTo("LEAD_NOT_FOUND");
        String eventLogId = fired.body().path("error").path("details").path("eventLogId").asText();
        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("status").asText()).isEqualTo("failed");
        assertThat(event.path("error").path("code").asText()).isEqualTo("LEAD_NOT_FOUND");
    }

    @Test
    void badTriggerBodies_get400InTheEnvelope() {
        assertBadRequest(Map.of("phone", "+919876543210"), "VALIDATION_FAILED", "trigger");
        assertBadRequest(Map.of("trigger", "Bad Trigger!", "phone", "+919876543210"), "VALIDATION_FAILED", "trigger");
        assertBadRequest(Map.of("trigger", "x_y"), "VALIDATION_FAILED", "phone");
        assertBadRequest(Map.of("trigger", "x_y", "phone", "98765"), "VALIDATION_FAILED", "phone");
        assertBadRequest(Map.of("trigger", "x_y", "phone", "+919876543210", "delayMinutes", 50000),
                "VALIDATION_FAILED", "delayMinutes");
        assertBadRequest(Map.of("trigger", "x_y", "phone", "+919876543210", "requiresMeet", true),
                "VALIDATION_FAILED", "meet");
        assertBadRequest("{\"trigger\": \"x_y\", \"phone\": ", "MALFORMED_JSON", "JSON");
        assertBadRequest("{\"trigger\": \"x_y\", \"phone\": \"+919876543210\", \"delayMinutes\": \"soon\"}",
                "MALFORMED_JSON", "delayMinutes");
    }

    @Test
    void eventsOfOneTenant_areInvisibleToAnother() {
        Api.Tenant globex = api.createTenant("globex-" + System.nanoTime() % 1_000_000);
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of(
                "trigger", "appointment_confirmed", "phone", "+919876543210", "createLeadIfMissing", true));
        String eventLogId = fired.data().get("eventLogId").asText();

        Api.Response peek = api.as(globex, "GET", "/api/saas/events/" + eventLogId, null);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(api.as(globex, "GET", "/api/saas/events", null).data()).isEmpty();
        assertThat(api.as(globex, "POST", "/api/saas/events/" + eventLogId + "/replay", null).status()).isEqualTo(404);
    }

    private void assertBadRequest(Object body, String code, String messagePart) {
        Api.Response response = api.as(acme, "POST", "/api/saas/workflows/trigger", body);
        assertThat(response.status()).as(String.valueOf(body)).isEqualTo(400);
        assertThat(response.body().get("success").asBoolean()).isFalse();
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.body().path("error").path("message").asText()).contains(messagePart);
    }
}
