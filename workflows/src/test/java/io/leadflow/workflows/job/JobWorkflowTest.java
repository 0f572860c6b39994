package io.leadflow.workflows.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.JobResult;
import io.leadflow.contracts.job.JobStep;
import io.leadflow.contracts.job.NoContactJobWorkflow;
import io.leadflow.contracts.job.ScoreJobWorkflow;
import io.leadflow.workflows.support.WorkflowTestKit;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled jobs' workflows: batches until the tenant's leads are done, judged at one instant fixed when the job
 * started (workflow time), continuing as new on large tenants without losing count.
 */
class JobWorkflowTest {

    final WorkflowTestKit kit = new WorkflowTestKit();

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void aLargeTenantsScan_continuesAsNew_judgingEveryLeadAtTheSameInstant() {
        kit.messaging.leads = 120_000;
        Instant startedAt = Instant.ofEpochMilli(kit.env.currentTimeMillis());

        JobResult result = kit.start(NoContactJobWorkflow.class, "job:acme:no-contact-1", "acme")
                .run(JobInput.fresh("acme"));

        assertThat(result.job()).isEqualTo("no-contact");
        assertThat(result.processed()).isEqualTo(120_000);
        assertThat(result.acted()).isEqualTo(12_000);
        assertThat(kit.messaging.jobSteps).hasSize(240);
        Set<String> asOf = kit.messaging.jobSteps.stream().map(JobStep::asOf).collect(Collectors.toSet());
        assertThat(asOf).hasSize(1);
        assertThat(Duration.between(startedAt, Instant.parse(asOf.iterator().next())).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(kit.client.fetchHistory("job:acme:no-contact-1").getEvents().get(0)
                .getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId()).as("continued as new").isNotEmpty();
    }

    @Test
    void theScoreJob_runsItsBatchesToTheEnd() {
        kit.messaging.leads = 1_200;

        JobResult result = kit.start(ScoreJobWorkflow.class, "job:acme:score-1", "acme").run(JobInput.fresh("acme"));

        assertThat(result.job()).isEqualTo("score");
        assertThat(result.processed()).isEqualTo(1_200);
        assertThat(kit.messaging.jobSteps).extracting(JobStep::cursor).containsExactly(null, "500", "1000");
    }
}
