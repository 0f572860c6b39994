package io.leadflow.api.broadcast;

import io.leadflow.shared.broadcast.Broadcast;

/**
 * What a create did: the broadcast, and whether it existed already (a retry with the same {@code idempotencyKey}).
 */
record BroadcastCreated(Broadcast broadcast, boolean duplicate) {
}
