package io.leadflow.contracts.error;

/**
 * Stable, machine-readable failure codes. They appear in API error envelopes and as the type of
 * non-retryable Temporal {@code ApplicationFailure}s, so tests and clients can match on them.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_JSON(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    LEAD_NOT_FOUND(404),
    RULE_NOT_FOUND(404),
    SEQUENCE_NOT_FOUND(404),
    EVENT_NOT_FOUND(404),
    CLIENT_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    CLIENT_EXISTS(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    LOOP_GUARD(429),
    INTERNAL(500),
    TEMPORAL_UNAVAILABLE(503),
    DATABASE_UNAVAILABLE(503),
    /** A provider rejected the request for good (bad token, unknown template, invalid number). */
    PROVIDER_PERMANENT(502),
    /** A provider failed in a way worth retrying (429, 5xx, timeouts). */
    PROVIDER_TRANSIENT(503),
    /** A callback or webhook kept failing until its retry window closed ({@code channels.callback-retry-window}). */
    RETRY_WINDOW_CLOSED(504),
    /** An outbound URL points somewhere we refuse to call (SSRF guard). */
    URL_NOT_ALLOWED(400),
    /** The tenant has no credentials configured for a provider. */
    PROVIDER_NOT_CONFIGURED(400),
    /** The lead already runs this sequence and its re-enrollment policy does not allow another run. */
    ALREADY_ENROLLED(409),
    /** No code sequence of that name is registered by any worker. */
    SEQUENCE_DEFINITION_NOT_FOUND(404),

    // Step outcomes: recorded on a sequence's step (failed or skipped), never failing the sequence.
    /** A send_email step's lead has no e-mail address (and the step names no {@code to}). */
    LEAD_HAS_NO_EMAIL(422),
    /** A send_whatsapp step's lead has no phone number. */
    LEAD_HAS_NO_PHONE(422),
    /** A step's template could not be rendered (too large, or an invalid value for the field it fills). */
    TEMPLATE_ERROR(422),
    /** A step names an action this version does not know (an old snapshot, say). */
    UNKNOWN_ACTION(422),
    /** A step's own settings are unusable when it comes due (an unparsable waitUntil, say). */
    INVALID_STEP(422),
    /** A trigger's callbackUrl is not on the tenant's callback origins (admin: PUT /api/clients/{code}/callback-origins). */
    CALLBACK_URL_NOT_ALLOWED(400),
    /** The request was refused before routing: an odd path spelling, a forbidden method or header (the firewall). */
    REQUEST_REJECTED(400),
    /** The tenant is suspended: channel sends, callbacks and webhooks stop (a sequence step records it as skipped). */
    TENANT_SUSPENDED(403),

    // Inbound messaging (docs/INBOUND.md).
    /** The lead opted out of the channel (STOP, or {@code optOut} on the lead): nothing is sent (a step is skipped). */
    OPTED_OUT(422),
    /** Free-form WhatsApp text outside the 24-hour customer-service window (the lead last wrote longer ago, or never). */
    OUTSIDE_SERVICE_WINDOW(422),
    CONVERSATION_NOT_FOUND(404),
    TEMPLATE_NOT_FOUND(404),
    BROADCAST_NOT_FOUND(404),
    SCHEDULE_NOT_FOUND(404),
    /** Too many live streams for one tenant (leadflow.messaging.chat.max-streams-per-tenant). */
    TOO_MANY_STREAMS(429),
    /** The Temporal server does not implement what the call needs (Schedules on the Java test server). */
    NOT_SUPPORTED(501);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
