package io.leadflow.shared.conversation;

/** Channel names as stored on conversations, messages, outbox rows and send results. */
public final class Channels {

    public static final String WHATSAPP = "whatsapp";
    public static final String EMAIL = "email";

    private Channels() {
    }
}
