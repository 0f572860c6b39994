package io.leadflow.api.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.contracts.sequence.StepRecord;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * What leaves Leadflow on a tenant's behalf is safe: a suspended tenant sends nothing (its running sequence records
 * the step as skipped with TENANT_SUSPENDED and keeps waiting, and sends again once reactivated), and values rendered
 * into an HTML e-mail are escaped while the rule's own markup stays.
 */
@ApiIntegrationTest
class ChannelSafetyTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    WorkflowClient workflows;

    Api api;
    Api.Tenant tenant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        tenant = api.createTenant("chan-" + System.nanoTime() % 1_000_000);
    }

    private List<OutboxMessage> outbox() {
        return tenants.scope(tenant.clientCode()).data().find(new Query().with(Sort.by("createdAt")), OutboxMessage.class);
    }

    private SequenceStatus status(String workflowId) {
        return workflows.newWorkflowStub(SequenceWorkflow.class, workflowId).status();
    }

    private void setStatus(String status) {
        assertThat(api.admin("PATCH", "/api/clients/" + tenant.clientCode(), Map.of("status", status)).status())
                .isEqualTo(200);
    }

    @Test
    void suspendingATenant_skipsTheNextSend_andReactivatingResumesSends_withHtmlValuesEscaped() {
        Api.Response rule = api.as(tenant, "POST", "/api/crm/automations", Map.of(
                "name", "Welcome", "trigger", "signed_up",
                "steps", List.of(
                        Map.of("action", Map.of("type", "send_whatsapp", "params", Map.of("templateName", "welcome",
                                "variables", List.of("{{lead.firstName}}")))),
                        Map.of("delay", Map.of("value", 1, "unit", "days"),
                                "action", Map.of("type", "send_whatsapp", "params", Map.of("templateName", "day_two"))),
                        Map.of("delay", Map.of("value", 1, "unit", "days"),
                                "action", Map.of("type", "send_email", "params", Map.of("subject", "Hello {{lead.firstName}}",
                                        "body", "<p>Hello <b>{{lead.firstName}}</b>, see {{event.link}}</p>", "html", true))))));
        assertThat(rule.status()).isEqualTo(201);
        Api.Response fired = api.as(tenant, "POST", "/api/saas/workflows/trigger", Map.of("trigger", "signed_up",
                "phone", "+919800007777", "email", "asha@example.com", "firstName", "<script>alert(1)</script> & Co",
                "createLeadIfMissing", true, "variables", Map.of("link", "\"><img src=x onerror=alert(2)>")));
        assertThat(fired.status()).isEqualTo(200);
        String workflowId = "seq:" + tenant.clientCode() + ":" + fired.data().get("leadId").asText() + ":rule:"
                + rule.data().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outbox()).hasSize(1);
            assertThat(status(workflowId).phase()).isEqualTo("waiting");
        });

        setStatus("suspended");
        workflows.newWorkflowStub(SequenceWorkflow.class, workflowId).skipWait();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SequenceStatus status = status(workflowId);
            assertThat(status.completedSteps()).hasSize(2);
            StepRecord skipped = status.completedSteps().get(1);
            assertThat(skipped.outcome()).isEqualTo("skipped");
            assertThat(skipped.result()).containsEntry("code", "TENANT_SUSPENDED");
            assertThat(status.phase()).as("the sequence keeps waiting").isEqualTo("waiting");
        });
        assertThat(outbox()).as("nothing was sent while suspended").hasSize(1);
        assertThat(api.as(tenant, "GET", "/api/saas/events", null).status()).as("nor may it call the API").isEqualTo(401);

        setStatus("active");
        workflows.newWorkflowStub(SequenceWorkflow.class, workflowId).skipWait();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outbox()).hasSize(2));
        OutboxMessage email = outbox().get(1);
        assertThat(email.channel()).isEqualTo("email");
        assertThat(email.html()).isEqualTo("<p>Hello <b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</b>, see"
                + " &quot;&gt;&lt;img src=x onerror=alert(2)&gt;</p>");
        assertThat(email.subject()).as("a subject is not HTML").isEqualTo("Hello <script>alert(1)</script> & Co");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(workflowId).completedSteps())
                .extracting(StepRecord::outcome).containsExactly("done", "skipped", "done"));
        JsonNode listed = api.as(tenant, "GET", "/api/crm/sequences/" + workflowId, null).data();
        assertThat(listed.path("steps").get(1).path("result").path("code").asText())
                .isEqualTo("TENANT_SUSPENDED");
    }
}
