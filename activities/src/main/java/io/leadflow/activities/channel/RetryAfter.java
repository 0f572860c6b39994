package io.leadflow.activities.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date. */
public final class RetryAfter {

    /** Longest wait we accept from a provider; beyond it the retry policy's own backoff applies. */
    public static final Duration MAX = Duration.ofMinutes(15);

    private RetryAfter() {
    }

    /** The delay the header asks for, capped at {@link #MAX}; null when absent or unreadable. */
    public static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        Duration delay;
        try {
            delay = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
        if (delay.isNegative() || delay.isZero()) {
            return null;
        }
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
