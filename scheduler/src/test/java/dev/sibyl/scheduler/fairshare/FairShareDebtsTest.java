package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareDebtsTest {
    private static final double HALF_LIFE = 3_600;
    private static final Resources ONE_GPU = new Resources(1, "", 1_000, 4_000, 1);

    @Test
    void aTenantHoldingLessThanItsWeightedShareRunsUpANegativeDebtAndOneHoldingMoreAPositiveOne() {
        FairShareDebts debts = new FairShareDebts(HALF_LIFE);
        // Weights 3 : 1, both asking for everything: ideal 3 and 1 of 4 GPUs; "b" holds all four for a half-life.
        double[] ideal = WeightedMaxMin.shares(4, new double[] {3, 1}, new double[] {10, 10});
        debts.accrue(List.of("a", "b"), new double[] {0, 4}, ideal, 4, HALF_LIFE);

        // The decayed average of (held - ideal) / capacity over one half-life is half the constant rate.
        assertThat(debts.debt("a")).isCloseTo(-0.75 / 2, within(1e-9));
        assertThat(debts.debt("b")).isCloseTo(0.75 / 2, within(1e-9));
        assertThat(debts.debt("nobody")).isZero();
    }

    @Test
    void debtsDecayByHalfEachHalfLifeWhileTenantsHoldTheirShareOrAreNotListed() {
        FairShareDebts debts = new FairShareDebts(HALF_LIFE);
        debts.accrue(List.of("a", "b"), new double[] {0, 4}, new double[] {2, 2}, 4, HALF_LIFE);
        double a = debts.debt("a");
        double b = debts.debt("b");

        debts.accrue(List.of("a"), new double[] {2}, new double[] {2}, 4, HALF_LIFE);

        assertThat(debts.debt("a")).isCloseTo(a / 2, within(1e-9));
        assertThat(debts.debt("b")).as("not listed: only decays").isCloseTo(b / 2, within(1e-9));
    }

    @Test
    void aTenantWithoutDemandIsOwedNothingAndTheOthersShareWhatItLeaves() {
        FairShareDebts debts = new FairShareDebts(HALF_LIFE);
        double[] ideal = WeightedMaxMin.shares(4, new double[] {1, 1}, new double[] {0, 10});
        debts.accrue(List.of("idle", "busy"), new double[] {0, 4}, ideal, 4, HALF_LIFE);

        assertThat(debts.debt("idle")).isZero();
        assertThat(debts.debt("busy"))
                .as("held exactly its capped share, the whole pool")
                .isZero();
    }

    @Test
    void observingSnapshotsCountsTheTimeSinceTheLastOneAtTheNewOnesHoldingsAndDemand() {
        FairShareDebts debts = new FairShareDebts(HALF_LIFE);
        Pool pool = Pool.of("p", List.of(Machine.withGpus("m", new Resources(4, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(new Tenant("a", 1, Map.of(), 0), new Tenant("b", 1, Map.of(), 0));
        List<RunningTrial> bHoldsAll =
                List.of(running("r0", "b", 0), running("r1", "b", 1), running("r2", "b", 2), running("r3", "b", 3));
        List<WaitingTrial> aWaits = List.of(new WaitingTrial("w", "a", "ea", 0, ONE_GPU, Set.of(), 0));

        debts.observe(new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, 0, Settings.DEFAULTS));
        assertThat(debts.debt("a")).as("the first snapshot starts the clock").isZero();
        // a asks for 1 GPU, b holds 4: ideals 1 and 3 of 4 (a's capped by its demand).
        debts.observe(new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, (long) HALF_LIFE, Settings.DEFAULTS));

        assertThat(debts.debt("a")).isCloseTo(-0.25 / 2, within(1e-9));
        assertThat(debts.debt("b")).isCloseTo(0.25 / 2, within(1e-9));
        assertThat(debts.stamp(tenants))
                .extracting(Tenant::fairShareDebt)
                .containsExactly(debts.debt("a"), debts.debt("b"));
        // A snapshot from the past (a replica's clock behind) accrues nothing.
        debts.observe(new Snapshot(List.of(pool), tenants, aWaits, List.of(), 10, Settings.DEFAULTS));
        assertThat(debts.debt("a")).isCloseTo(-0.25 / 2, within(1e-9));
    }

    @Test
    void onPoolsWithoutGpusTrialSlotsAreCounted() {
        FairShareDebts debts = new FairShareDebts(HALF_LIFE);
        Resources slot = new Resources(0, "", 1_000, 1_000, 1);
        Pool pool = Pool.of("p", List.of(Machine.withGpus("m", new Resources(0, "", 64_000, 512_000, 4))));
        List<Tenant> tenants = List.of(new Tenant("a", 1, Map.of(), 0), new Tenant("b", 1, Map.of(), 0));
        List<RunningTrial> bHoldsAll = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bHoldsAll.add(new RunningTrial("r" + i, "b", "eb", "p", "m", List.of(), slot, -100, 0.5));
        }
        List<WaitingTrial> aWaits = List.of(new WaitingTrial("w", "a", "ea", 0, slot, Set.of(), 0));

        debts.observe(new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, 0, Settings.DEFAULTS));
        debts.observe(new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, (long) HALF_LIFE, Settings.DEFAULTS));

        assertThat(debts.debt("a")).isCloseTo(-0.25 / 2, within(1e-9));
        assertThat(debts.debt("b")).isCloseTo(0.25 / 2, within(1e-9));
    }

    @Test
    void restoredDebtsOnlyDecayOverTheGapUntilTheNextSnapshotAndAccrueAfterIt() {
        Pool pool = Pool.of("p", List.of(Machine.withGpus("m", new Resources(4, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(new Tenant("a", 1, Map.of(), 0), new Tenant("b", 1, Map.of(), 0));
        List<RunningTrial> bHoldsAll =
                List.of(running("r0", "b", 0), running("r1", "b", 1), running("r2", "b", 2), running("r3", "b", 3));
        List<WaitingTrial> aWaits = List.of(new WaitingTrial("w", "a", "ea", 0, ONE_GPU, Set.of(), 0));
        FairShareDebts saved = FairShareDebts.restore(HALF_LIFE, Map.of("a", -0.4, "b", 0.4), 1_000);
        assertThat(saved.debts()).containsOnlyKeys("a", "b");
        assertThat(saved.observedAt()).isEqualTo(1_000);

        long later = 1_000 + (long) HALF_LIFE;
        saved.observe(new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, later, Settings.DEFAULTS));
        assertThat(saved.debt("a")).as("the gap only decays").isCloseTo(-0.2, within(1e-9));

        saved.observe(
                new Snapshot(List.of(pool), tenants, aWaits, bHoldsAll, later + (long) HALF_LIFE, Settings.DEFAULTS));
        assertThat(saved.debt("a")).as("then accrues again").isCloseTo(-0.1 - 0.25 / 2, within(1e-9));
        assertThat(FairShareDebts.restore(HALF_LIFE, Map.of(), Long.MIN_VALUE).debts())
                .isEmpty();
    }

    @Test
    void withADebtWeightTheTenantOwedMoreGetsTheFreeGpuAndWithoutItTheTieGoesByName() {
        // Equal weights, one GPU each held, one of three free: "b" is owed (negative debt), "a" is not.
        Pool pool = Pool.of("p", List.of(Machine.withGpus("m", new Resources(3, "", 64_000, 512_000, 64))));
        List<Tenant> tenants = List.of(new Tenant("a", 1, Map.of(), 0, 0), new Tenant("b", 1, Map.of(), 0, -0.1));
        List<RunningTrial> running = List.of(running("ra", "a", 0), running("rb", "b", 1));
        List<WaitingTrial> queue = List.of(
                new WaitingTrial("wa", "a", "ea", 0, ONE_GPU, Set.of(), 0),
                new WaitingTrial("wb", "b", "eb", 0, ONE_GPU, Set.of(), 0));
        Settings ignoring = new Settings(100, 1_000, 0);
        Settings counting = new Settings(100, 1_000, 0, false, true, false, false, false, 16);

        Decisions without =
                new FairShareScheduler().decide(new Snapshot(List.of(pool), tenants, queue, running, 10, ignoring));
        Decisions with =
                new FairShareScheduler().decide(new Snapshot(List.of(pool), tenants, queue, running, 10, counting));

        assertThat(without.admits()).extracting(x -> x.trial().tenant()).containsExactly("a");
        assertThat(with.admits()).extracting(x -> x.trial().tenant()).containsExactly("b");
    }

    private static RunningTrial running(String id, String tenant, int gpu) {
        return new RunningTrial(id, tenant, "e" + tenant, "p", "m", List.of(gpu), ONE_GPU, -100, 0.5);
    }
}
