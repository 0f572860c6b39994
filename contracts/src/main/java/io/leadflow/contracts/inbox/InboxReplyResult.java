package io.leadflow.contracts.inbox;

/**
 * How a reply ended.
 *
 * @param status {@code sent}, {@code sandboxed} or {@code failed}
 * @param code the stable failure code when {@code failed} ({@code OUTSIDE_SERVICE_WINDOW}, {@code PROVIDER_PERMANENT})
 */
public record InboxReplyResult(String status, String providerMessageId, String code, String message) {
}
