package io.leadflow.activities.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAndHttpDatesBecomeADelay() {
        assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Mon, 03 Mar 2025 10:02:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void absentPastOrUnreadableHeadersLeaveTheBackoffToTheRetryPolicy() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("0", NOW)).isNull();
        assertThat(RetryAfter.parse("Mon, 03 Mar 2025 09:00:00 GMT", NOW)).isNull();
    }

    @Test
    void aProviderCannotParkUsForHours() {
        assertThat(RetryAfter.parse("86400", NOW)).isEqualTo(RetryAfter.MAX);
    }
}
