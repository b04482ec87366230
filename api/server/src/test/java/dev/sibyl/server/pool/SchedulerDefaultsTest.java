package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The scheduler's settings when no property is set: the defaults docs/api.md names. */
@QuarkusTest
class SchedulerDefaultsTest {
    @Inject
    PoolScheduler scheduler;

    @Test
    void fairSharePreemptionIsOnAndLoansAreOffByDefault() {
        assertThat(scheduler.settings().fairSharePreemption()).as("ADR 0031").isTrue();
        assertThat(scheduler.settings().aboveShareOnLoan()).isFalse();
        assertThat(scheduler.settings().lendHeld()).isFalse();
        assertThat(scheduler.settings().headsFirst()).isTrue();
        assertThat(scheduler.settings().minRuntimeBeforePreemption()).isEqualTo(300_000);
    }
}
