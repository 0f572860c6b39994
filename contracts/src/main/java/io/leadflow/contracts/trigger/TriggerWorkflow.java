package io.leadflow.contracts.trigger;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Carries one accepted event through what must survive a crash: books a Meet when asked, waits
 * {@code delayMinutes}, tells the lead's running sequences, enrolls the lead as child sequences (abandoned, so they
 * outlive this workflow), delivers the signed callback and marks the event completed. Started only when the event
 * has such work; an event that nothing listens to is logged without a workflow. ID:
 * {@code trigger:<clientCode>:<eventLogId>}.
 */
@WorkflowInterface
public interface TriggerWorkflow {

    @WorkflowMethod(name = WorkflowTypes.TRIGGER)
    TriggerResult run(TriggerInput input);

    /** Blocks until the Meet is booked (or warned about); the API waits on it only when the answer needs the link. */
    @UpdateMethod(name = "accepted")
    TriggerAcceptance accepted();

    /** The acceptance once there is one, else null. */
    @QueryMethod(name = "acceptance")
    TriggerAcceptance acceptance();
}
