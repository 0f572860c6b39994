package io.leadflow.contracts.broadcast;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A broadcast's database and send work. Both phases are idempotent per lead: a recipient is written once (its ID is
 * the broadcast and the lead) and sent once (its message's idempotency key is the same), so a batch retried after a
 * worker crash carries on where the crashed attempt stopped without sending anyone twice.
 */
@ActivityInterface
public interface BroadcastActivities {

    /** Writes down the next page of the audience as {@code pending} recipients (the audience is fixed when sending starts). */
    @ActivityMethod(name = "PrepareBroadcast")
    BroadcastBatch prepare(BroadcastStep step);

    /**
     * Sends the template to the next pending recipients at the tenant's rate, skipping opted-out leads; heartbeats its
     * progress so a retry resumes after the last recipient handled. Stops early when the broadcast is cancelled.
     */
    @ActivityMethod(name = "SendBroadcastBatch")
    BroadcastBatch send(BroadcastStep step);

    /** Marks the broadcast {@code completed} or {@code cancelled} (quick: a local activity). */
    @ActivityMethod(name = "FinishBroadcast")
    void finish(String clientCode, String broadcastId, String status);
}
