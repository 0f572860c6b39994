package io.leadflow.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceIndex;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs that Temporal closes on its own (an operator terminating from the Web UI or the CLI): the sequences API and
 * the event log never report them running, on read at once, and in the background within the reconcile interval.
 */
@ApiIntegrationTest
class ClosedByTemporalTest {

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient workflows;

    @Autowired
    Tenants tenants;

    @Autowired
    TemporalReconciler reconciler;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("closed-" + System.nanoTime() % 1_000_000);
    }

    private String enrolledSequence(String phone) {
        assertThat(api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Long wait", "trigger", "quote_sent",
                "steps", List.of(Map.of("delay", Map.of("value", 7, "unit", "days"),
                        "action", Map.of("type", "add_tag", "params", Map.of("tag", "late")))))).status())
                .isEqualTo(201);
        String leadId = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_sent",
                "phone", phone, "createLeadIfMissing", true)).data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?leadId=" + leadId, null).data()).hasSize(1));
        return api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("workflowId").asText();
    }

    @Test
    void aSequenceTerminatedInTemporal_showsTerminatedWithTheReason_onTheNextRead() {
        String workflowId = enrolledSequence("+919833000001");

        workflows.newUntypedWorkflowStub(workflowId).terminate("duplicate lead, cleaned up by ops");

        JsonNode sequence = api.as(acme, "GET", "/api/crm/sequences/" + workflowId, null).data();
        assertThat(sequence.get("status").asText()).isEqualTo("terminated");
        assertThat(sequence.get("exitReason").asText()).contains("duplicate lead, cleaned up by ops");
        assertThat(sequence.get("closedBy").asText()).isEqualTo("reconciler");
        JsonNode listed = api.as(acme, "GET", "/api/crm/sequences?status=running", null).data();
        assertThat(listed.findValuesAsString("workflowId")).doesNotContain(workflowId);
        Api.Response pause = api.as(acme, "POST", "/api/crm/sequences/" + workflowId + "/pause", null);
        assertThat(pause.status()).isEqualTo(409);
    }

    @Test
    void aRunThatExitedButWhoseOwnCloseWasLost_isShownExited_withItsReasonAndSteps_notCompleted() {
        String workflowId = enrolledSequenceExitingOn("+919833000004");
        api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "deal_lost", "phone", "+919833000004"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(SequenceIndex.find(
                tenants.scope(acme.clientCode()), workflowId).orElseThrow().status()).isEqualTo("exited"));

        // The run's own close write is lost (the store was frozen, or a concurrent write on a store without atomic
        // updates put the old document back): the entry says running although Temporal has closed the run.
        tenants.scope(acme.clientCode()).data().updateFirst(
                org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(workflowId)),
                new org.springframework.data.mongodb.core.query.Update().set("status", "running").unset("closedAt")
                        .unset("closedBy").unset("exitReason").unset("steps"), Enrollment.class);

        JsonNode sequence = api.as(acme, "GET", "/api/crm/sequences/" + workflowId, null).data();
        assertThat(sequence.get("status").asText()).as("Temporal says Completed; the run said exited").isEqualTo("exited");
        assertThat(sequence.get("exitReason").asText()).isEqualTo("deal_lost");
        assertThat(sequence.get("closedBy").asText()).isEqualTo("reconciler");
        assertThat(sequence.get("steps").get(0).get("stepId").asText()).isEqualTo("tag");
    }

    private String enrolledSequenceExitingOn(String phone) {
        assertThat(api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Tag then wait", "trigger", "quote_sent",
                "exitOn", List.of("deal_lost"), "steps", List.of(
                        Map.of("id", "tag", "action", Map.of("type", "add_tag", "params", Map.of("tag", "quoted"))),
                        Map.of("id", "later", "delay", Map.of("value", 7, "unit", "days"),
                                "action", Map.of("type", "add_tag", "params", Map.of("tag", "late")))))).status())
                .isEqualTo(201);
        String leadId = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_sent",
                "phone", phone, "createLeadIfMissing", true)).data().get("leadId").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.as(acme, "GET",
                "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("currentStepId").asText())
                .isEqualTo("later"));
        return api.as(acme, "GET", "/api/crm/sequences?leadId=" + leadId, null).data().get(0).get("workflowId").asText();
    }

    @Test
    void withoutAnyRead_theReconcilerCatchesUp() {
        String workflowId = enrolledSequence("+919833000002");

        workflows.newUntypedWorkflowStub(workflowId).terminate("removed by ops");
        reconciler.staleEntries(Instant.now().plusSeconds(1));

        Enrollment entry = SequenceIndex.find(tenants.scope(acme.clientCode()), workflowId).orElseThrow();
        assertThat(entry.status()).isEqualTo("terminated");
        assertThat(entry.exitReason()).contains("removed by ops");
        assertThat(entry.closedAt()).isNotNull();
    }

    @Test
    void anEventWhoseWorkflowWasTerminated_endsFailedWithTheReason() {
        assertThat(api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Later", "trigger", "quote_sent",
                "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "x"))))))
                .status()).isEqualTo(201);
        Api.Response fired = api.as(acme, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "quote_sent",
                "phone", "+919833000003", "createLeadIfMissing", true, "delayMinutes", 600));
        String eventLogId = fired.data().get("eventLogId").asText();
        assertThat(fired.data().get("status").asText()).isEqualTo("processing");

        workflows.newUntypedWorkflowStub(fired.data().get("workflowId").asText()).terminate("customer asked to stop");

        JsonNode event = api.as(acme, "GET", "/api/saas/events/" + eventLogId, null).data();
        assertThat(event.get("status").asText()).isEqualTo("failed");
        assertThat(event.path("error").path("code").asText()).isEqualTo("WORKFLOW_TERMINATED");
        assertThat(event.path("error").path("message").asText()).contains("customer asked to stop");
    }
}
