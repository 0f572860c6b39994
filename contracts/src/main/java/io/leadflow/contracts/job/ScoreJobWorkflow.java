package io.leadflow.contracts.job;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Recalculates a tenant's lead scores, in batches. Started daily by the tenant's Temporal Schedule
 * {@code score:<clientCode>} with ID {@code job:<clientCode>:score}.
 */
@WorkflowInterface
public interface ScoreJobWorkflow {

    String JOB = "score";

    @WorkflowMethod(name = WorkflowTypes.SCORE_JOB)
    JobResult run(JobInput input);
}
