package dev.sibyl.scheduler.fairshare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A property shared by the policies that run trials on loan: what is taken back is only ever a loan. */
final class LoanRecalls {
    private LoanRecalls() {}

    /**
     * Decides {@code s} and carries it out, ends a random third of the trials not on loan a minute later and
     * decides again: every trial taken back must have run on loan, and nothing may be over-allocated afterwards.
     * Answers how many loans were taken back.
     */
    static int onlyLoansTakenBack(Scheduler scheduler, Snapshot s, long seed) {
        Snapshot lent = scheduler.decide(s).applyTo(s);
        Random rng = new Random(seed);
        List<RunningTrial> left = new ArrayList<>();
        for (RunningTrial r : lent.running()) {
            if (r.onLoan() || rng.nextInt(3) > 0) {
                left.add(r);
            }
        }
        Snapshot later = new Snapshot(
                lent.pools(),
                lent.tenants(),
                lent.waiting(),
                left,
                lent.now() + 60,
                lent.settings(),
                lent.expectedRuntimes());
        Decisions d = scheduler.decide(later);
        int takenBack = 0;
        for (Preempt p : d.preempts()) {
            if (p.reason().contains("takes back GPUs lent")) {
                assertThat(p.trial().onLoan()).as("seed %d: %s", seed, p).isTrue();
                takenBack++;
            }
        }
        Snapshot after = d.applyTo(later);
        assertThat(Ledger.of(after).overAllocations()).as("seed %d", seed).isEmpty();
        return takenBack;
    }
}
