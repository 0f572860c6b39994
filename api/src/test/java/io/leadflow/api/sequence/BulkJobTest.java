package io.leadflow.api.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.api.support.Api;
import io.leadflow.api.support.ApiIntegrationTest;
import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.sequence.EnrollmentPolicy;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStatus;
import io.leadflow.contracts.sequence.SequenceWorkflow;
import io.leadflow.shared.engine.SequenceStarter;
import io.leadflow.shared.rule.AutomationRule;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Bulk operations answer at once with a job to follow, signal with bounded concurrency outside the request, and are
 * resumed after the API process running them stops.
 */
@ApiIntegrationTest
class BulkJobTest {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    SequenceStarter starter;

    @Autowired
    WorkflowClient workflows;

    @Autowired
    BulkJobs bulkJobs;

    Api api;
    Api.Tenant acme;
    TenantScope tenant;
    ExecutorService starts = Executors.newFixedThreadPool(32);

    @BeforeEach
    void setUp() {
        api = new Api(port);
        acme = api.createTenant("bulk-" + System.nanoTime() % 1_000_000);
        tenant = tenants.scope(acme.clientCode());
    }

    @AfterEach
    void tearDown() {
        starts.shutdownNow();
    }

    @Test
    void aBulkPauseOfAThousandSequences_answersAtOnce_andCompletes() {
        AutomationRule rule = rule("Nurture");
        enroll(rule, 1_000);

        long asked = System.nanoTime();
        Api.Response answer = api.as(acme, "POST", "/api/crm/sequences/bulk/pause",
                Map.of("ruleId", rule.id(), "reason", "campaign on hold"));
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answeredIn).as("the request only records the job").isLessThan(Duration.ofSeconds(2));
        JsonNode job = answer.data();
        String jobId = job.get("id").asText();
        assertThat(job.get("status").asText()).isEqualTo("running");
        assertThat(job.get("total").asInt()).isEqualTo(1_000);
        assertThat(job.get("processed").asInt()).as("nothing was signalled inside the request").isZero();
        assertThat(answer.raw().headers().firstValue("Location")).hasValue("/api/crm/sequences/bulk/" + jobId);

        JsonNode done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                () -> api.as(acme, "GET", "/api/crm/sequences/bulk/" + jobId, null).data(),
                followed -> !followed.get("status").asText().equals("running"));
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("processed").asInt()).isEqualTo(1_000);
        assertThat(done.get("affected").asInt()).isEqualTo(1_000);
        assertThat(done.get("finishedAt")).isNotNull();
        assertThat(done.has("cursor")).as("internals stay internal").isFalse();
        assertThat(count(rule, SequenceStatus.PAUSED)).isEqualTo(1_000);
        // The workflows themselves took the signal, not just the index.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int lead : List.of(0, 499, 999)) {
                assertThat(workflows.newWorkflowStub(SequenceWorkflow.class, workflowId(rule, lead)).status().status())
                        .isEqualTo(SequenceStatus.PAUSED);
            }
        });

        Api.Response resumed = api.as(acme, "POST", "/api/crm/sequences/bulk/resume", Map.of("ruleId", rule.id()));
        assertThat(resumed.status()).isEqualTo(202);
        assertThat(resumed.data().get("total").asInt()).isEqualTo(1_000);
    }

    @Test
    void aJobWhoseProcessStopped_isTakenOverAndFinished_afterTheLastPageItRecorded() {
        AutomationRule rule = rule("Follow-up");
        enroll(rule, 30);
        List<Enrollment> open = tenant.data().find(Query.query(Criteria.where("ruleId").is(rule.id()))
                .with(org.springframework.data.domain.Sort.by("_id")), Enrollment.class);
        // A job another API process started, recorded one page of 10 and then died: its heartbeat is old.
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        BulkJob orphan = tenant.data().insert(new BulkJob("orphan-" + System.nanoTime(), acme.clientCode(), "cancel",
                rule.id(), "stopping", BulkJob.RUNNING, 30, 10, 10, 0, 0, open.get(9).id(), "a-dead-process",
                longAgo, longAgo, null, null, 0));

        bulkJobs.resumeStale();

        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                () -> api.as(acme, "GET", "/api/crm/sequences/bulk/" + orphan.id(), null).data(),
                followed -> followed.get("status").asText().equals("completed"));
        assertThat(done.get("processed").asInt()).isEqualTo(30);
        assertThat(done.get("resumed").asInt()).isOne();
        // The first page was the dead process's: this one went on after it, and cancelled the other 20.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count(rule, SequenceStatus.CANCELLED)).isEqualTo(20));
        assertThat(tenant.data().findById(open.get(0).id(), Enrollment.class).orElseThrow().status())
                .isEqualTo(SequenceStatus.RUNNING);
    }

    @Test
    void aJobIsItsTenantsOnly_andAnUnknownActionOrRuleIsRefused() {
        AutomationRule rule = rule("Mine");
        enroll(rule, 2);
        String jobId = api.as(acme, "POST", "/api/crm/sequences/bulk/pause", Map.of("ruleId", rule.id()))
                .data().get("id").asText();

        Api.Tenant other = api.createTenant("bulk-other-" + System.nanoTime() % 1_000_000);
        Api.Response theirs = api.as(other, "GET", "/api/crm/sequences/bulk/" + jobId, null);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.errorCode()).isEqualTo("NOT_FOUND");
        Api.Response nothing = api.as(other, "POST", "/api/crm/sequences/bulk/pause", Map.of("ruleId", rule.id()));
        assertThat(nothing.status()).isEqualTo(202);
        assertThat(nothing.data().get("total").asInt()).as("another tenant's rule selects nothing").isZero();
        assertThat(api.as(acme, "POST", "/api/crm/sequences/bulk/explode", Map.of("ruleId", rule.id())).status())
                .as("no such action: only GET follows a job at that path").isEqualTo(405);
        assertThat(api.as(acme, "POST", "/api/crm/sequences/bulk/pause", Map.of()).status()).isEqualTo(400);
    }

    private AutomationRule rule(String name) {
        Instant now = Instant.now();
        return tenant.data().insert(new AutomationRule(null, acme.clientCode(), name, null, "signed_up", true, null,
                List.of(new Step("wait", new Delay(1, "days"), null, null, null,
                        new Action("add_tag", Map.of("tag", "nurtured")))),
                List.of(), AutomationRule.NEVER, null, null, 1, now, now, null));
    }

    /** Enrolls {@code leads} leads through the client, in parallel, and waits until every run has opened its entry. */
    private void enroll(AutomationRule rule, int leads) {
        CompletableFuture.allOf(IntStream.range(0, leads).mapToObj(lead -> CompletableFuture.runAsync(() ->
                starter.enroll(new SequenceInput(acme.clientCode(), leadId(lead), SequenceInput.ruleKey(rule.id()),
                        rule.name(), rule.toSnapshot(), null, "signed_up", Map.of(), Map.of(), null, "UTC", 0,
                        Map.of("name", "Lead " + lead)), EnrollmentPolicy.NEVER), starts))
                .toArray(CompletableFuture[]::new)).join();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(rule, SequenceStatus.RUNNING) == leads);
    }

    private long count(AutomationRule rule, String status) {
        return tenant.data().count(Query.query(Criteria.where("ruleId").is(rule.id()).and("status").is(status)),
                Enrollment.class);
    }

    private static String leadId(int lead) {
        return String.format("lead%05d", lead);
    }

    private String workflowId(AutomationRule rule, int lead) {
        return "seq:" + acme.clientCode() + ":" + leadId(lead) + ":rule:" + rule.id();
    }
}
