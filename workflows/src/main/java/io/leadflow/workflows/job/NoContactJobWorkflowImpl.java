package io.leadflow.workflows.job;

import io.leadflow.contracts.job.JobActivities;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.JobResult;
import io.leadflow.contracts.job.NoContactJobWorkflow;
import io.temporal.workflow.Workflow;

/** The {@code no_contact} scan a tenant's schedule starts: batches of {@link JobActivities#scanNoContact}. */
public class NoContactJobWorkflowImpl implements NoContactJobWorkflow {

    @Override
    public JobResult run(JobInput input) {
        return JobLoop.run(JOB, input, "fire no_contact for idle leads", JobActivities::scanNoContact,
                next -> Workflow.continueAsNew(next));
    }
}
