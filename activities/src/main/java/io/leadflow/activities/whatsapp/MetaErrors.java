package io.leadflow.activities.whatsapp;

import io.leadflow.activities.channel.ProviderFailures;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sorts Meta Cloud API error answers into permanent and transient failures. Meta's error {@code code} decides
 * first (it says "rate limit" even on HTTP 400); the HTTP status decides when the code is unknown.
 *
 * @see <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes">Cloud API error codes</a>
 */
final class MetaErrors {

    /** Throttling: application, account, business-number, spam and pair rate limits. */
    static final Set<Integer> RATE_LIMITED = Set.of(4, 80007, 130429, 131048, 131056);

    /** Meta-side trouble worth retrying: unknown, service unavailable, temporarily unavailable. */
    static final Set<Integer> TEMPORARY = Set.of(1, 2, 131000, 131016, 133004);

    private MetaErrors() {
    }

    /** The failure for a non-2xx answer. */
    static ApplicationFailure classify(int httpStatus, String body, Duration retryAfter) {
        JsonNode error = parse(body).path("error");
        int code = error.path("code").asInt(0);
        String metaMessage = error.path("message").isString() ? error.path("message").stringValue() : null;
        String details = error.path("error_data").path("details").isString()
                ? error.path("error_data").path("details").stringValue() : null;
        String description = describe(httpStatus, code, metaMessage, details);

        if (RATE_LIMITED.contains(code) || httpStatus == 429) {
            return ProviderFailures.transientFailure("WhatsApp rate limit: " + description, retryAfter);
        }
        if (TEMPORARY.contains(code) || httpStatus >= 500) {
            return ProviderFailures.transientFailure("WhatsApp unavailable: " + description, retryAfter);
        }
        if (code == 190 || httpStatus == 401) {
            return ProviderFailures.permanent("WhatsApp access token is invalid or expired: " + description);
        }
        if (code == 132001) {
            return ProviderFailures.permanent("WhatsApp template does not exist in this language: " + description);
        }
        if (code == 131026 || code == 131030 || code == 131021) {
            return ProviderFailures.permanent("WhatsApp recipient cannot receive this message: " + description);
        }
        if (code == 131047) {
            return ProviderFailures.permanent(
                    "more than 24 hours since the lead's last message; only templates may be sent: " + description);
        }
        if (httpStatus == 408) {
            return ProviderFailures.transientFailure("WhatsApp request timed out: " + description, retryAfter);
        }
        return ProviderFailures.permanent("WhatsApp rejected the message: " + description);
    }

    private static String describe(int httpStatus, int code, String message, String details) {
        StringBuilder text = new StringBuilder("HTTP ").append(httpStatus);
        if (code != 0) {
            text.append(", code ").append(code);
        }
        if (message != null) {
            text.append(", ").append(message);
        }
        if (details != null && !details.equals(message)) {
            text.append(" (").append(details).append(')');
        }
        return text.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JsonMapper.shared().missingNode() : JsonMapper.shared().readTree(body);
        } catch (RuntimeException notJson) {
            return JsonMapper.shared().missingNode();
        }
    }
}
