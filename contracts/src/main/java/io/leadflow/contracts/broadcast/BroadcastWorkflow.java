package io.leadflow.contracts.broadcast;

import io.leadflow.contracts.temporal.WorkflowTypes;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One broadcast: waits for its {@code scheduleAt}, writes its audience down, then sends in batches at the tenant's
 * rate; continues as new every few hundred batches so its history stays small at any audience size. ID:
 * {@code broadcast:<clientCode>:<broadcastId>}.
 */
@WorkflowInterface
public interface BroadcastWorkflow {

    @WorkflowMethod(name = WorkflowTypes.BROADCAST)
    BroadcastOutcome run(BroadcastInput input);

    /**
     * Stops further sends. The API records the cancel on the broadcast first (the batches check it), so the signal only
     * wakes a broadcast still waiting for its start time.
     */
    @SignalMethod(name = "cancel")
    void cancel(String reason);
}
