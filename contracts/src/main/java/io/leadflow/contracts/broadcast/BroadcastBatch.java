package io.leadflow.contracts.broadcast;

/**
 * What one batch did.
 *
 * @param nextCursor where the next batch starts
 * @param done the phase has nothing left (or the broadcast was cancelled)
 * @param processed leads written down (prepare) or recipients handled (send) by this batch
 * @param cancelled the broadcast was cancelled: nothing more will be sent
 */
public record BroadcastBatch(String nextCursor, boolean done, int processed, boolean cancelled) {
}
