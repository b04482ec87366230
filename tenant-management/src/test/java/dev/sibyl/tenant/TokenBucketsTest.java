package dev.sibyl.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T00:00:00Z"));
    private final InstantSource clock = () -> now.get();

    @Test
    void allowsTheBurstThenRefusesWithTheWaitUntilTheNextRequest() {
        TokenBuckets buckets = new TokenBuckets(2, 3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a")).isEmpty();
        }
        assertThat(buckets.take("a")).contains(Duration.ofMillis(500));
        now.set(now.get().plusMillis(500));
        assertThat(buckets.take("a")).isEmpty();
        assertThat(buckets.take("a")).isPresent();
    }

    @Test
    void keysHaveTheirOwnBucketsAndRefillCapsAtTheBurst() {
        TokenBuckets buckets = new TokenBuckets(1, 2, clock);
        buckets.take("a");
        buckets.take("a");
        assertThat(buckets.take("a")).isPresent();
        assertThat(buckets.take("b")).isEmpty();
        now.set(now.get().plusSeconds(3600));
        assertThat(buckets.take("a")).isEmpty();
        assertThat(buckets.take("a")).isEmpty();
        assertThat(buckets.take("a")).isPresent();
    }
}
