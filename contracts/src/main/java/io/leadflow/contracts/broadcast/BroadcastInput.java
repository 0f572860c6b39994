package io.leadflow.contracts.broadcast;

/**
 * A broadcast's workflow input; a run that continues as new carries where it stopped.
 *
 * @param name what operators read in the Temporal Web UI
 * @param scheduleAt ISO instant to wait for before the first send, or null to start now
 * @param phase {@link #PREPARE} (the audience is being written down, recipient by recipient) or {@link #SEND}; null
 *     for a fresh start
 * @param cursor where the phase stopped (the last lead or recipient handled), null at its start
 */
public record BroadcastInput(String clientCode, String broadcastId, String name, String scheduleAt, String phase,
                             String cursor) {

    public static final String PREPARE = "prepare";
    public static final String SEND = "send";

    public BroadcastInput at(String nextPhase, String nextCursor) {
        return new BroadcastInput(clientCode, broadcastId, name, null, nextPhase, nextCursor);
    }
}
