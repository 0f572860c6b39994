package io.leadflow.contracts.broadcast;

/**
 * One batch of a broadcast: continue after {@code cursor} with at most {@code limit} leads or recipients.
 */
public record BroadcastStep(String clientCode, String broadcastId, String cursor, int limit) {
}
