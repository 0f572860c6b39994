package io.leadflow.activities.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.channel.ChannelActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The configured callback window, decided from Temporal's schedule times and the callback retry policy. */
class RetryWindowTest {

    private static final Instant FIRST = Instant.parse("2026-12-01T10:00:00Z");
    private static final RetryOptions CALLBACK = ChannelActivityOptions.CALLBACK.getRetryOptions();
    private final RetryWindow day = new RetryWindow(Duration.ofHours(24));

    @Test
    void theBackoffIsTemporals_thirtySecondsDoublingToAnHour() {
        assertThat(RetryWindow.backoff(CALLBACK, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryWindow.backoff(CALLBACK, 2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryWindow.backoff(CALLBACK, 5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(RetryWindow.backoff(CALLBACK, 8)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryWindow.backoff(CALLBACK, 30)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryWindow.backoff(null, 3)).as("Temporal's defaults").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anAttemptWhoseRetryWouldComeAfterTheWindowIsTheLast() {
        Instant late = FIRST.plus(Duration.ofHours(23).plusMinutes(30));
        assertThat(day.lastAttempt(FIRST, late, 30, CALLBACK, null)).as("next in 1 h: after 24 h").isTrue();
        assertThat(day.lastAttempt(FIRST, FIRST.plus(Duration.ofHours(22)), 28, CALLBACK, null)).isFalse();
        assertThat(day.lastAttempt(FIRST, FIRST, 1, CALLBACK, null)).isFalse();
    }

    @Test
    void aReceiversRetryAfterCountsInsteadOfTheBackoff() {
        assertThat(day.lastAttempt(FIRST, FIRST.plus(Duration.ofHours(20)), 3, CALLBACK, Duration.ofHours(5))).isTrue();
        assertThat(day.lastAttempt(FIRST, FIRST.plus(Duration.ofHours(20)), 30, CALLBACK, Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void anAttemptScheduledAfterTheWindowClosed_isTooLate() {
        assertThat(day.closedBefore(FIRST, FIRST.plus(Duration.ofHours(24)))).isTrue();
        assertThat(day.closedBefore(FIRST, FIRST.plus(Duration.ofHours(30)))).isTrue();
        assertThat(day.closedBefore(FIRST, FIRST.plus(Duration.ofHours(23)))).isFalse();
    }

    @Test
    void theWindowReadsWell() {
        assertThat(day.words()).isEqualTo("24 h");
        assertThat(new RetryWindow(Duration.ofMinutes(90)).words()).isEqualTo("90 min");
        assertThat(new RetryWindow(Duration.ofSeconds(45)).words()).isEqualTo("45 s");
    }
}
