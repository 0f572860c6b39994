package io.leadflow.activities.callback;

import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * The configured retry window of callbacks and webhook steps ({@code leadflow.channels.callback-retry-window}),
 * decided from the server's own timestamps of the activity (its first schedule, this attempt's start), so neither a
 * worker's clock nor a test's skipped time can disagree with the retries Temporal actually runs.
 */
record RetryWindow(Duration length) {

    /** Temporal's defaults when a stub leaves them out. */
    private static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    private static final double DEFAULT_COEFFICIENT = 2.0;

    /** The window had closed before this attempt started (the worker was away when it closed, say). */
    boolean closedBefore(Instant firstScheduled, Instant attemptStarted) {
        return !attemptStarted.isBefore(firstScheduled.plus(length));
    }

    /**
     * Whether a retryable failure of this attempt ends the delivery: the next attempt would start after the window
     * closes.
     *
     * @param failedAt when this attempt failed (server time): Temporal's backoff runs from there
     * @param nextRetryDelay the failure's own delay (a receiver's {@code Retry-After}); null for the policy's backoff
     */
    boolean lastAttempt(Instant firstScheduled, Instant failedAt, int attempt, RetryOptions retry,
                        Duration nextRetryDelay) {
        Duration delay = nextRetryDelay != null && !nextRetryDelay.isZero() ? nextRetryDelay : backoff(retry, attempt);
        return closedBefore(firstScheduled, failedAt.plus(delay));
    }

    /** Temporal's exponential backoff after attempt {@code attempt}: initial × coefficient^(attempt−1), capped. */
    static Duration backoff(RetryOptions retry, int attempt) {
        Duration initial = retry == null || retry.getInitialInterval() == null ? DEFAULT_INITIAL
                : retry.getInitialInterval();
        double coefficient = retry == null || retry.getBackoffCoefficient() < 1 ? DEFAULT_COEFFICIENT
                : retry.getBackoffCoefficient();
        Duration maximum = retry == null || retry.getMaximumInterval() == null ? initial.multipliedBy(100)
                : retry.getMaximumInterval();
        double millis = initial.toMillis() * Math.pow(coefficient, Math.max(0, attempt - 1));
        return millis >= maximum.toMillis() ? maximum : Duration.ofMillis((long) millis);
    }

    /** The window in words for the log ({@code 24 h}, {@code 90 min}). */
    String words() {
        if (length.toHours() > 0 && length.equals(Duration.ofHours(length.toHours()))) {
            return length.toHours() + " h";
        }
        if (length.toMinutes() > 0 && length.equals(Duration.ofMinutes(length.toMinutes()))) {
            return length.toMinutes() + " min";
        }
        return length.toSeconds() + " s";
    }
}
