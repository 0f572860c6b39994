package io.leadflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.api.support.Meta;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.JobResult;
import io.leadflow.contracts.job.NoContactJobWorkflow;
import io.leadflow.contracts.job.ScoreJobWorkflow;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadScore;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of a tenant's scheduled jobs, run as their schedules run them (the same workflow types and input) on
 * the time-skipping test server: four days later, {@code no_contact} enrolls the idle lead in the rule for 3 days (once,
 * however often the scan runs), not the lead that wrote meanwhile nor the rule for 7 days; the score job stores each
 * lead's score by the documented formula. The schedules themselves (created at provisioning, paused and resumed
 * through the admin API) are Temporal Schedules, which the test server lacks: temporal-dev/e2e.sh checks them on the
 * real server, and here the admin API reports them missing and refuses to pause what does not exist.
 */
@ApiIntegrationTest
// Time skipped here moves the shared test server's clock days ahead of the wall clock: later classes get a fresh one.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ScheduledJobsTest {

    @LocalServerPort
    int port;

    @Autowired
    TestWorkflowEnvironment temporal;

    @Autowired
    WorkflowClient client;

    @Autowired
    LeadflowProperties properties;

    @Autowired
    LeadService leads;

    @Autowired
    Tenants tenants;

    Api api;
    Api.Tenant acme;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("jobs-" + System.nanoTime() % 1_000_000);
    }

    private String lead(String phone, String firstName) {
        return api.as(acme, "POST", "/api/crm/leads", Map.of("phone", phone, "firstName", firstName)).data().get("id").asText();
    }

    private List<String> tags(String leadId) {
        List<String> tags = new java.util.ArrayList<>();
        api.as(acme, "GET", "/api/crm/leads/" + leadId, null).data().get("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    private JsonNode lead(String leadId) {
        return api.as(acme, "GET", "/api/crm/leads/" + leadId, null).data();
    }

    private <W> JobResult run(Class<W> type, String job, java.util.function.Function<W, JobResult> body) {
        W workflow = client.newWorkflowStub(type, WorkflowOptions.newBuilder()
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowId(WorkflowIds.job(acme.clientCode(), job) + "-" + System.nanoTime())
                .build());
        return body.apply(workflow);
    }

    @Test
    void noContact_enrollsTheLeadIdleForItsDays_onceAndOnlyThatOne() {
        for (int days : List.of(3, 7)) {
            Api.Response rule = api.as(acme, "POST", "/api/crm/automations", Map.of("name", "Idle " + days + " days",
                    "trigger", "no_contact", "params", Map.of("days", days),
                    "steps", List.of(Map.of("action", Map.of("type", "add_tag", "params", Map.of("tag", "idle-" + days)))),
                    "reEnrollment", "after_completion"));
            assertThat(rule.status()).as(rule.raw().body()).isEqualTo(201);
            assertThat(rule.data().get("params").get("days").asInt()).isEqualTo(days);
        }
        String idle = lead("+919855500001", "Idle");
        String chatty = lead("+919855500002", "Chatty");

        temporal.sleep(Duration.ofDays(2));
        leads.recordContact(tenants.scope(acme.clientCode()), chatty, true,
                Instant.ofEpochMilli(temporal.currentTimeMillis()));
        temporal.sleep(Duration.ofDays(2));
        JobResult first = run(NoContactJobWorkflow.class, NoContactJobWorkflow.JOB, job -> job.run(JobInput.fresh(acme.clientCode())));

        assertThat(first.processed()).isGreaterThanOrEqualTo(1);
        assertThat(first.acted()).as("one lead, one rule").isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tags(idle)).containsExactly("idle-3"));
        assertThat(tags(chatty)).as("it wrote two days ago").isEmpty();
        JobResult again = run(NoContactJobWorkflow.class, NoContactJobWorkflow.JOB, job -> job.run(JobInput.fresh(acme.clientCode())));
        assertThat(again.acted()).as("the same idle stretch fires once").isZero();
        JsonNode events = api.as(acme, "GET", "/api/saas/events?leadId=" + idle + "&trigger=no_contact", null).data();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("request").path("variables").path("days").asInt()).isEqualTo(3);
    }

    @Test
    void theScoreJob_storesEachLeadsScore_byTheDocumentedFormula() {
        Meta.Number number = Meta.newNumber();
        Meta.register(api, acme, number);
        String quiet = lead("+919855600001", "Quiet");
        String engaged = lead("+919855600002", "Engaged");
        api.as(acme, "POST", "/api/crm/leads/" + engaged + "/move", Map.of("stageName", "Won"));
        Meta.deliver(api, Meta.message(number, "+919855600002", "Engaged", "wamid.score-1", "Deal!"), number.appSecret());
        await().atMost(Duration.ofSeconds(30)).until(() -> !lead(engaged).path("lastInboundAt").isNull());

        JobResult result = run(ScoreJobWorkflow.class, ScoreJobWorkflow.JOB, job -> job.run(JobInput.fresh(acme.clientCode())));

        assertThat(result.processed()).isEqualTo(2);
        Lead scored = leads.get(tenants.scope(acme.clientCode()), engaged);
        assertThat(scored.scoredAt()).isNotNull();
        int expected = LeadScore.of(1, 4, 6, "Won", scored.lastInboundAt(), scored.scoredAt());
        assertThat(scored.score()).isEqualTo(expected).isGreaterThanOrEqualTo(8 + 24);
        assertThat(lead(quiet).get("score").asInt()).as("no messages, first stage").isZero();
    }

    @Test
    void onAServerWithoutSchedules_theAdminApiReportsThemMissing_andRefusesToPauseThem() {
        JsonNode schedules = api.admin("GET", "/api/clients/" + acme.clientCode() + "/schedules", null).data();
        assertThat(schedules.findValuesAsString("job")).containsExactly("no-contact", "score");
        assertThat(schedules.findValuesAsString("scheduleId"))
                .containsExactly("no-contact:" + acme.clientCode(), "score:" + acme.clientCode());
        assertThat(schedules.findValuesAsString("state")).containsOnly("missing");

        Api.Response pause = api.admin("POST", "/api/clients/" + acme.clientCode() + "/schedules/no-contact/pause",
                Map.of("note", "holiday"));
        assertThat(pause.status()).isEqualTo(501);
        assertThat(pause.errorCode()).isEqualTo("NOT_SUPPORTED");
        assertThat(api.admin("POST", "/api/clients/" + acme.clientCode() + "/schedules/nightly/pause", null).status())
                .isEqualTo(404);
        assertThat(api.admin("GET", "/api/clients/nobody-here/schedules", null).status()).isEqualTo(404);
        assertThat(api.as(acme, "GET", "/api/clients/" + acme.clientCode() + "/schedules", null).status())
                .as("a tenant key never reaches the admin API").isEqualTo(403);
    }
}
