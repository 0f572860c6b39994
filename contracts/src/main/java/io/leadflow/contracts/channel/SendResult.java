package io.leadflow.contracts.channel;

/**
 * What a WhatsApp or e-mail send produced.
 *
 * @param channel {@code whatsapp} or {@code email}
 * @param providerMessageId WhatsApp {@code wamid}, e-mail {@code Message-ID}, or a {@code sandbox-...} id
 * @param status {@link #SENT} or {@link #SANDBOXED}
 * @param sandbox true when the message went to the tenant's outbox instead of the provider
 */
public record SendResult(String channel, String providerMessageId, String status, boolean sandbox) {

    public static final String SENT = "sent";
    public static final String SANDBOXED = "sandboxed";
}
