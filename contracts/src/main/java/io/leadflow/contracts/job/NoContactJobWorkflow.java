package io.leadflow.contracts.job;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Fires {@code no_contact} for a tenant's idle leads, in batches. Started by the tenant's Temporal Schedule
 * {@code no-contact:<clientCode>} (hourly by default) with ID {@code job:<clientCode>:no-contact}.
 */
@WorkflowInterface
public interface NoContactJobWorkflow {

    String JOB = "no-contact";

    @WorkflowMethod(name = WorkflowTypes.NO_CONTACT_JOB)
    JobResult run(JobInput input);
}
