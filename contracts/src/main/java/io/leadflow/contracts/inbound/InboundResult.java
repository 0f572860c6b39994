package io.leadflow.contracts.inbound;

/**
 * What processing one delivery did.
 *
 * @param messagesStored new inbound messages stored (a message seen before, by its {@code wamid}, is not counted)
 * @param duplicates inbound messages already stored by an earlier delivery
 * @param statusesApplied outbound status updates that moved a message forward
 * @param statusesIgnored status updates that changed nothing (a repeat, or older than what is known)
 * @param statusesUnmatched status updates for messages Leadflow does not know (sent by another tool, or too late)
 * @param optOuts leads opted out or back in by a keyword (STOP, START)
 */
public record InboundResult(int messagesStored, int duplicates, int statusesApplied, int statusesIgnored,
                            int statusesUnmatched, int optOuts) {
}
