package io.leadflow.activities.channel;

import io.leadflow.contracts.error.ErrorCode;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The failures channel activities throw. Permanent ones are non-retryable whatever the caller's retry policy;
 * transient ones may carry the provider's Retry-After as the next retry delay, which overrides the backoff.
 */
public final class ProviderFailures {

    private ProviderFailures() {
    }

    /** The provider refused for good: bad token, unknown template, invalid recipient. */
    public static ApplicationFailure permanent(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorCode.PROVIDER_PERMANENT.name());
    }

    /** Worth retrying: 429, 5xx, timeouts, refused connections. */
    public static ApplicationFailure transientFailure(String message) {
        return ApplicationFailure.newFailure(message, ErrorCode.PROVIDER_TRANSIENT.name());
    }

    /** Worth retrying, not before {@code retryAfter} (null or zero leaves the backoff to the retry policy). */
    public static ApplicationFailure transientFailure(String message, Duration retryAfter) {
        if (retryAfter == null || retryAfter.isZero() || retryAfter.isNegative()) {
            return transientFailure(message);
        }
        return ApplicationFailure.newFailureWithCauseAndDelay(message, ErrorCode.PROVIDER_TRANSIENT.name(), null,
                retryAfter);
    }

    /** The tenant has no (usable) credentials for this provider and is not in sandbox mode. */
    public static ApplicationFailure notConfigured(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorCode.PROVIDER_NOT_CONFIGURED.name());
    }

    /** The target URL is refused by the SSRF guard. */
    public static ApplicationFailure urlNotAllowed(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorCode.URL_NOT_ALLOWED.name());
    }

    /** The tenant is suspended: nothing is sent for it until an admin reactivates it. */
    public static ApplicationFailure tenantSuspended(String clientCode) {
        return ApplicationFailure.newNonRetryableFailure("tenant '" + clientCode + "' is suspended; nothing is sent",
                ErrorCode.TENANT_SUSPENDED.name());
    }

    /** The payload itself is unusable (no lead, malformed time); retrying the same payload cannot help. */
    public static ApplicationFailure invalid(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorCode.VALIDATION_FAILED.name());
    }
}
