package io.leadflow.contracts.rule;

import java.time.Duration;

/** A relative wait: {@code value} of {@code unit} (seconds, minutes, hours, days). */
public record Delay(long value, String unit) {

    public Duration toDuration() {
        return switch (unit) {
            case "seconds" -> Duration.ofSeconds(value);
            case "minutes" -> Duration.ofMinutes(value);
            case "hours" -> Duration.ofHours(value);
            case "days" -> Duration.ofDays(value);
            default -> throw new IllegalArgumentException("unknown delay unit " + unit);
        };
    }
}
