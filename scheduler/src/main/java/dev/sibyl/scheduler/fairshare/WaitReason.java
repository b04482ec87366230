package dev.sibyl.scheduler.fairshare;

import java.util.function.LongFunction;

/** Why a trial still waits; {@link #describe} renders it for the trial's owner. */
public sealed interface WaitReason {
    /** Why {@code trial} waits, in words; times appear as numbers in the caller's unit. */
    String describe(WaitingTrial trial);

    /** Why {@code trial} waits, with times rendered by {@code time} (a server shows instants, not numbers). */
    default String describe(WaitingTrial trial, LongFunction<String> time) {
        return describe(trial);
    }

    /** The tenant's quota in {@code pool} has no room for the trial in {@code dimension}. */
    record QuotaReached(String tenant, String pool, String dimension, long used, long nominal, long ceiling)
            implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            String limit = used >= nominal
                    ? "at nominal quota " + used + "/" + nominal
                    : "using " + used + " of nominal " + nominal;
            String borrowing;
            if (ceiling >= Resources.UNLIMITED_COUNT) {
                borrowing = "borrowing unlimited but this trial would pass it";
            } else if (used >= ceiling) {
                borrowing = "borrowing limit reached";
            } else {
                borrowing = "borrowing limit " + (ceiling - nominal) + " " + dimension + " too small for this trial";
            }
            return "tenant " + tenant + " " + limit + " " + dimension + " in pool " + pool + "; " + borrowing;
        }
    }

    /** No machine has room, in one pool or (when {@code pool} is null) in any of {@code pools}. */
    record NoMachineFits(String pool, int pools, int largestHole) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            String where = pool != null ? "pool " + pool : "any of " + pools + " allowed pools";
            return "no machine in " + where + " has " + needed(trial) + "; largest hole " + largestHole;
        }

        private static String needed(WaitingTrial trial) {
            Resources d = trial.demand();
            if (d.gpus() == 0) {
                return "room for " + d.cpuMillis() + " mCPU and " + d.memoryMb() + " MB";
            }
            String type = d.gpuType().isEmpty() ? "" : " " + d.gpuType();
            return d.gpus() + " free" + type + " GPU" + (d.gpus() == 1 ? "" : "s");
        }
    }

    /**
     * The trial would fit only on resources held for a trial ahead of it. The words name that trial only to its own
     * tenant: a reason is shown to the waiting trial's tenant, who may not learn another tenant's ids.
     */
    record BehindReservation(String pool, String machine, String headTrial, String headTenant) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            String head = headTenant.equals(trial.tenant()) ? "trial " + headTrial : "another tenant's trial";
            return "free resources in pool " + pool + " are held on " + machine + " for " + head
                    + ", which is ahead in line";
        }
    }

    /** The trial is first in line for {@code reservation}'s machine and waits for it to drain. */
    record Reserved(Reservation reservation) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            return describe(trial, Long::toString);
        }

        @Override
        public String describe(WaitingTrial trial, LongFunction<String> time) {
            return "first in line: machine " + reservation.machine() + " in pool " + reservation.pool()
                    + " is reserved for it and expected to have room at " + time.apply(reservation.expectedAt())
                    + "; smaller trials backfill around it";
        }
    }

    /** No pool is open to both the trial and its tenant. */
    record NoAllowedPool(String tenant) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            return "no pool is open to tenant " + tenant + " among the trial's allowed pools " + trial.allowedPools();
        }
    }

    /**
     * Its admission was withdrawn in this pass to return capacity to a tenant's nominal quota; {@code owner} is that
     * tenant (null when not known), named in the words only when it is the trial's own.
     */
    record Withdrawn(String pool, String owner) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            return "admission withdrawn: " + (trial.tenant().equals(owner) ? "tenant " + owner : "another tenant")
                    + " reclaims its nominal quota in pool " + pool;
        }
    }

    /** The tenant is unknown to the scheduler. */
    record UnknownTenant(String tenant) implements WaitReason {
        @Override
        public String describe(WaitingTrial trial) {
            return "tenant " + tenant + " is not known to the scheduler";
        }
    }
}
