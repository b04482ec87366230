package dev.sibyl.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.pool.FourSlotPool.Sample;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fair-share debts in the server (ADR 0029): a tenant kept below its share by trials that started before it asked
 * is owed, and once they end it gets more than its share until it has caught up. Past usage is switched off and
 * debts decay with a 20 s half-life, so only the debt can tell the two tenants apart within the test.
 */
@QuarkusTest
@TestProfile(FairShareDebtEndToEndTest.OwedTenant.class)
class FairShareDebtEndToEndTest {
    /** Four trial slots; debts count, past usage does not, and both fade within a minute. */
    public static class OwedTenant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.pools.local.slots", "4",
                    "sibyl.scheduler.min-runtime-before-preemption", "0s",
                    "sibyl.scheduler.past-usage-weight", "0",
                    "sibyl.scheduler.usage-half-life", "20s");
        }
    }

    private static final double FIRST_TRIALS_SECONDS = 10;

    @Inject
    ApiTokens tokens;

    @Inject
    EntityManager entities;

    @Inject
    DriverSupervisor drivers;

    @Test
    void aTenantKeptBelowItsShareGetsMoreThanItOnceTheSlotsFreeUntilItHasCaughtUp() throws Exception {
        FourSlotPool slots = new FourSlotPool(entities, drivers);
        slots.stopEverythingElse();
        TestTenant first = TestTenants.create(tokens);
        TestTenant owed = TestTenants.create(tokens);
        String firstToken = first.token(Role.MEMBER);
        String owedToken = owed.token(Role.MEMBER);
        String early = FourSlotPool.submit(first, firstToken, FourSlotPool.config(4, 4, FIRST_TRIALS_SECONDS));
        slots.awaitSample(s -> s.heavy() == 4, early, "-", "the first tenant holds all four slots");

        // Both now want more than the pool: shares 2 : 2, but the first tenant's trials hold all four for a while.
        String endless = FourSlotPool.config(4, 500, -1);
        String later = FourSlotPool.submit(first, firstToken, endless);
        String owedExperiment = FourSlotPool.submit(owed, owedToken, endless);
        slots.awaitSample(
                s -> s.heavy() == 0 && s.heavyWaiting() == 0,
                early,
                owedExperiment,
                "the first tenant's early trials ended");

        // The first tenant wants more than it holds; the owed one cannot want more than four (its concurrency).
        List<Sample> contended = slots.samples(
                later, owedExperiment, Duration.ofSeconds(8), Integer.MAX_VALUE, 100, s -> s.heavyWaiting() > 0);
        FourSlotPool.stop(first, firstToken, later);
        FourSlotPool.stop(owed, owedToken, owedExperiment);

        assertThat(contended).as("samples with the first tenant waiting").hasSizeGreaterThan(20);
        double[] slotsHeld = FourSlotPool.averageSlots(contended);
        double firstSlots = slotsHeld[0];
        double owedSlots = slotsHeld[1];
        System.out.printf("debts: owed tenant %.2f, first tenant %.2f slots on average%n", owedSlots, firstSlots);
        // Without debts equal weights give 2 : 2 from the moment the early trials end.
        assertThat(owedSlots)
                .as("owed %.2f vs first %.2f slots over %s", owedSlots, firstSlots, contended)
                .isGreaterThanOrEqualTo(3.0);
        List<?> saved = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery(
                                "select debt from fair_share_debts where tenant_slug in (?1, ?2) order by debt")
                        .setParameter(1, owed.slug())
                        .setParameter(2, first.slug())
                        .getResultList());
        assertThat(saved)
                .as("both tenants' debts saved by the deciding replica")
                .hasSize(2);
    }
}
