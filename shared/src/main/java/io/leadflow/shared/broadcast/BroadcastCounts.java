package io.leadflow.shared.broadcast;

/**
 * A broadcast's counts, read from its recipients. {@code sent}, {@code delivered} and {@code read} are a funnel: a
 * message read was also delivered and sent. {@code total = sent + failed + skipped + pending}.
 *
 * @param sent accepted by WhatsApp (or the sandbox outbox), whatever happened after, unless it failed later
 * @param delivered reached the phone (a receipt said delivered or read)
 * @param read read (a receipt said read)
 * @param failed refused by WhatsApp, at send time or by a later receipt
 * @param skipped not sent on purpose: opted out, no phone
 * @param pending not handled yet (or never, when the broadcast was cancelled)
 */
public record BroadcastCounts(long total, long sent, long delivered, long read, long failed, long skipped,
                              long pending) {
}
