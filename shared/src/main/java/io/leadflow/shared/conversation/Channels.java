package io.leadflow.shared.conversation;

/** Channel names as stored on conversations, messages, outbox rows and send results. */
public final class Channels {

    public static final String WHATSAPP = "whatsapp";
    public static final String EMAIL = "email";
    /** Google Meet bookings (recorded in the sandbox outbox; not a conversation channel). */
    public static final String MEET = "meet";

    private Channels() {
    }
}
