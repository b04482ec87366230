package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' leases over the real database (on a key of their own, so the running server's lease is left
 * alone): one holds it, the other does not until the first lets go, and a lease whose connection dies passes on.
 */
@QuarkusTest
class SchedulerLeaseTest {
    private static final long TEST_KEY = 0x7e57_1ea5eL;

    @Inject
    DataSource dataSource;

    @Test
    void onlyOneReplicaHoldsTheLeaseAndItPassesOnWhenReleased() {
        SchedulerLease first = new SchedulerLease(dataSource, TEST_KEY);
        try (SchedulerLease second = new SchedulerLease(dataSource, TEST_KEY)) {
            assertThat(first.holds()).isTrue();
            assertThat(first.holds()).as("asked again, still held").isTrue();
            assertThat(second.holds()).as("a second replica").isFalse();
            first.close();
            assertThat(second.holds()).as("once the holder lets go").isTrue();
            assertThat(first.holds())
                    .as("the first, now that the second holds it")
                    .isFalse();
        }
        assertThat(first.holds())
                .as("taken back after the second replica stopped")
                .isTrue();
        first.close();
    }
}
