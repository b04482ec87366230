package dev.sibyl.tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key: each key may spend {@code burst} requests at once and regains {@code perSecond} a second.
 * Pure and clock-injected; in memory, so each server replica limits on its own.
 */
public final class TokenBuckets {
    private final double perSecond;
    private final double burst;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        Instant refilled;

        Bucket(double tokens, Instant refilled) {
            this.tokens = tokens;
            this.refilled = refilled;
        }
    }

    public TokenBuckets(double perSecond, int burst, InstantSource clock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one request from {@code key}'s bucket: empty when allowed, else how long until one is available. */
    public java.util.Optional<Duration> take(String key) {
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            double elapsed = Math.max(0, Duration.between(b.refilled, now).toNanos() / 1e9);
            b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
            b.refilled = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return java.util.Optional.empty();
            }
            double wait = (1 - b.tokens) / perSecond;
            return java.util.Optional.of(Duration.ofNanos((long) Math.ceil(wait * 1e9)));
        }
    }
}
