package io.leadflow.shared.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a tenant, an IP): {@code capacity} tokens refilled evenly over {@code period}. Used for
 * API rate limits and provider send rates. State is per process; several API instances each enforce the
 * limit on their own share of traffic.
 *
 * <p>Bounded: a bucket left alone for a whole {@code period} has refilled to capacity, which is exactly the state of
 * a new one, so it is dropped then; and at most {@code maxKeys} buckets are kept, so a flood of distinct keys
 * (spoofed addresses) costs bounded memory. Past that bound the least recently used buckets go first, which can
 * only make a limit more lenient for keys that were idle, never stricter.
 */
public final class TokenBuckets {

    /** Default bound on the number of keys tracked at once. */
    public static final long DEFAULT_MAX_KEYS = 100_000;

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(int capacity, Duration period) {
        this(capacity, period, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    TokenBuckets(int capacity, Duration period, long maxKeys, LongSupplier nanoClock) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) period.toNanos();
        this.nanoClock = nanoClock;
        Ticker ticker = nanoClock::getAsLong;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(period)
                .maximumSize(maxKeys)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Takes one token for {@code key}: zero if allowed, else how long until a token is free. */
    public Duration tryAcquire(String key) {
        Bucket bucket = buckets.get(key, k -> new Bucket(capacity, nanoClock.getAsLong()));
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

    /** How many keys are tracked now (after pending evictions); for tests and metrics. */
    public long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
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
