package io.leadflow.workflows.job;

import io.leadflow.contracts.job.JobActivities;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.JobResult;
import io.leadflow.contracts.job.ScoreJobWorkflow;
import io.temporal.workflow.Workflow;

/** The daily score recalculation a tenant's schedule starts: batches of {@link JobActivities#recalculateScores}. */
public class ScoreJobWorkflowImpl implements ScoreJobWorkflow {

    @Override
    public JobResult run(JobInput input) {
        return JobLoop.run(JOB, input, "recalculate lead scores", JobActivities::recalculateScores,
                next -> Workflow.continueAsNew(next));
    }
}
