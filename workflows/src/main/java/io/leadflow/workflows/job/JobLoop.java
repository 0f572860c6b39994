package io.leadflow.workflows.job;

import io.leadflow.contracts.job.JobActivities;
import io.leadflow.contracts.job.JobBatch;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.JobResult;
import io.leadflow.contracts.job.JobStep;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * The shape both scheduled jobs share: batches of leads until none are left, judged at one instant fixed when the job
 * starts (workflow time), continuing as new every {@link #BATCHES_PER_RUN} batches so a tenant of any size stays far
 * from the history limits.
 */
final class JobLoop {

    static final int BATCH = 500;
    static final int BATCHES_PER_RUN = 100;

    /** Database work and engine dispatches: retried patiently; a job that can't finish today runs again tomorrow. */
    static final ActivityOptions BATCHES = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setScheduleToCloseTimeout(Duration.ofHours(6))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(2))
                    .build())
            .build();

    private JobLoop() {
    }

    /**
     * Runs the batches of one job.
     *
     * @param batch one batch of the job, on the activity stub
     * @param continueAsNew how this workflow type continues as new with its input
     */
    static JobResult run(String job, JobInput input, String summary, BiFunction<JobActivities, JobStep, JobBatch> batch,
                         java.util.function.Consumer<JobInput> continueAsNew) {
        JobActivities activities = Workflow.newActivityStub(JobActivities.class,
                ActivityOptions.newBuilder(BATCHES).setSummary(summary).build());
        String asOf = input.asOf() != null ? input.asOf() : Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
        String cursor = input.cursor();
        long processed = input.processed();
        long acted = input.acted();
        for (int batches = 0; ; batches++) {
            if (batches >= BATCHES_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested()) {
                continueAsNew.accept(new JobInput(input.clientCode(), asOf, cursor, processed, acted));
            }
            JobBatch done = batch.apply(activities, new JobStep(input.clientCode(), asOf, cursor, BATCH));
            processed += done.processed();
            acted += done.acted();
            cursor = done.nextCursor();
            if (done.done()) {
                Workflow.setCurrentDetails("**" + job + "** · " + processed + " lead(s) looked at, " + acted + " acted on");
                return new JobResult(job, processed, acted);
            }
        }
    }
}
