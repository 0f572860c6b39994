package io.leadflow.shared.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a tenant, an IP): {@code capacity} tokens refilled evenly over {@code period}. Used for
 * API rate limits and provider send rates. State is per process; several API instances each enforce the
 * limit on their own share of traffic.
 */
public final class TokenBuckets {

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(int capacity, Duration period) {
        this(capacity, period, System::nanoTime);
    }

    TokenBuckets(int capacity, Duration period, LongSupplier nanoClock) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) period.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Takes one token for {@code key}: zero if allowed, else how long until a token is free. */
    public Duration tryAcquire(String key) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerNano);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / refillPerNano));
        }
    }

    /** Takes one token, sleeping until one is free. */
    public void acquire(String key) throws InterruptedException {
        Duration wait;
        while (!(wait = tryAcquire(key)).isZero()) {
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }
}
