package io.leadflow.workflows.trigger;

import io.leadflow.shared.engine.TriggerAcceptance;
import io.leadflow.shared.engine.TriggerInput;
import io.leadflow.shared.temporal.WorkflowTypes;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Handles one received event: marks it processing, books a Meet when asked, matches rules, enrolls the lead in
 * their sequences (after {@code delayMinutes}), delivers the signed callback and marks the event completed.
 * ID: {@code trigger:<clientCode>:<eventLogId>}.
 */
@WorkflowInterface
public interface TriggerWorkflow {

    @WorkflowMethod(name = WorkflowTypes.TRIGGER)
    TriggerResult run(TriggerInput input);

    /** Blocks until the event is accepted (rules matched, Meet booked or warned), then answers what the API returns. */
    @UpdateMethod(name = "accepted")
    TriggerAcceptance accepted();

    /** The acceptance once there is one, else null. */
    @QueryMethod(name = "acceptance")
    TriggerAcceptance acceptance();
}
