package io.leadflow.contracts.broadcast;

/**
 * How a broadcast's workflow ended: {@code completed} or {@code cancelled}, and the recipients it wrote down and
 * handled in its last run (the exact counts live with the broadcast: {@code GET /api/crm/broadcasts/{id}}).
 */
public record BroadcastOutcome(String status, long prepared, long handled) {
}
