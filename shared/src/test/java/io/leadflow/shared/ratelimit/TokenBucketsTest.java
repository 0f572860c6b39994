package io.leadflow.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aKeyGetsItsCapacity_thenWaitsForTheRefill() {
        TokenBuckets buckets = new TokenBuckets(3, Duration.ofMinutes(1), 1000, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.tryAcquire("acme")).isZero();
        }
        Duration wait = buckets.tryAcquire("acme");
        assertThat(wait).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
        assertThat(buckets.tryAcquire("globex")).as("keys are independent").isZero();

        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(buckets.tryAcquire("acme")).isZero();
    }

    @Test
    void idleBuckets_expireAfterOnePeriod_soTheMapNeverGrowsForever() {
        TokenBuckets buckets = new TokenBuckets(5, Duration.ofMinutes(1), 1_000_000, now::get);
        for (int i = 0; i < 10_000; i++) {
            buckets.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(buckets.trackedKeys()).isEqualTo(10_000);

        now.addAndGet(Duration.ofMinutes(1).plusSeconds(1).toNanos());
        buckets.tryAcquire("fresh");
        assertThat(buckets.trackedKeys()).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctKeys_staysWithinTheBound() {
        TokenBuckets buckets = new TokenBuckets(5, Duration.ofHours(1), 500, now::get);
        for (int i = 0; i < 20_000; i++) {
            buckets.tryAcquire("spoofed-" + i);
        }
        assertThat(buckets.trackedKeys()).isLessThanOrEqualTo(500);
    }

    @Test
    void anExpiredBucketComesBackFull_exactlyAsARefilledOneWould() {
        TokenBuckets buckets = new TokenBuckets(2, Duration.ofSeconds(10), 1000, now::get);
        buckets.tryAcquire("k");
        buckets.tryAcquire("k");
        assertThat(buckets.tryAcquire("k")).isPositive();
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(buckets.tryAcquire("k")).isZero();
        assertThat(buckets.tryAcquire("k")).isZero();
        assertThat(buckets.tryAcquire("k")).isPositive();
    }
}
