package dev.sibyl.scheduler.fairshare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** A machine's free and reserved resources while a pass places trials on it. */
final class MachineState {
    final PoolState pool;
    final Machine machine;
    final String gpuType;
    /** The machine's GPU indices, ascending; {@link #freeGpus} marks which of them are free. */
    private final int[] gpuIndices;
    /** The indices are 0, 1, 2, …: an index is its own slot, with no search. */
    private final boolean indexIsSlot;

    private final BitSet freeGpuSlots;
    /** The running trials as they started; {@link #running()} gives them as they are now. */
    private List<RunningTrial> loaded = List.of();
    /** What ran here before the pass, or null when nothing did. */
    private RunningTrials.MachineLoad load;

    private RunningTrials source;
    private List<RunningTrial> running;
    final List<Placement> placed = new ArrayList<>();
    long freeGpus;
    long freeCpu;
    long freeMemory;
    long freeSlots;
    long heldGpus;
    long heldCpu;
    long heldMemory;
    long heldSlots;
    /**
     * {@link FairSharePass}'s expected releases here, soonest first; null until asked for and whenever a
     * trial is admitted, withdrawn or preempted here.
     */
    long[][] releases;
    /** {@link #tenantsOfTrials}, or null until asked for. */
    private TenantState[] tenantsOfTrials;
    /** The reservation holding resources here, while its trial is not placed; null otherwise. */
    Reservation heldFor;

    MachineState(PoolState pool, Machine machine) {
        this.pool = pool;
        this.machine = machine;
        Resources c = machine.capacity();
        this.gpuType = c.gpuType();
        List<Integer> indices = machine.gpuIndices();
        this.gpuIndices = new int[indices.size()];
        for (int i = 0; i < gpuIndices.length; i++) {
            gpuIndices[i] = indices.get(i);
        }
        Arrays.sort(gpuIndices);
        boolean fromZero = true;
        for (int i = 0; i < gpuIndices.length && fromZero; i++) {
            fromZero = gpuIndices[i] == i;
        }
        this.indexIsSlot = fromZero;
        this.freeGpuSlots = new BitSet(gpuIndices.length);
        freeGpuSlots.set(0, gpuIndices.length);
        this.freeGpus = c.gpus();
        this.freeCpu = c.cpuMillis();
        this.freeMemory = c.memoryMb();
        this.freeSlots = c.slots();
    }

    String id() {
        return machine.id();
    }

    boolean canEverFit(Resources demand) {
        return demand.acceptsGpuType(gpuType) && demand.fitsIn(machine.capacity());
    }

    /** Room outside reservations, which is what ordinary placement may use. */
    boolean fitsOutsideHolds(Resources d) {
        return d.acceptsGpuType(gpuType)
                && d.gpus() <= freeGpus - heldGpus
                && d.cpuMillis() <= freeCpu - heldCpu
                && d.memoryMb() <= freeMemory - heldMemory
                && d.slots() <= freeSlots - heldSlots;
    }

    boolean fitsIgnoringHolds(Resources d) {
        return d.acceptsGpuType(gpuType)
                && d.gpus() <= freeGpus
                && d.cpuMillis() <= freeCpu
                && d.memoryMb() <= freeMemory
                && d.slots() <= freeSlots;
    }

    long availableGpus() {
        return Math.max(0, freeGpus - heldGpus);
    }

    long availableCpu() {
        return Math.max(0, freeCpu - heldCpu);
    }

    /** Takes resources and the lowest free GPU indices; returns the indices. */
    List<Integer> take(Resources d) {
        List<Integer> indices = new ArrayList<>(d.gpus());
        for (int i = 0; i < d.gpus(); i++) {
            int slot = freeGpuSlots.nextSetBit(0);
            freeGpuSlots.clear(slot);
            indices.add(gpuIndices[slot]);
        }
        freeGpus -= d.gpus();
        freeCpu -= d.cpuMillis();
        freeMemory -= d.memoryMb();
        freeSlots -= d.slots();
        pool.changed();
        return indices;
    }

    void release(Resources d, List<Integer> indices) {
        indices.forEach(i -> markGpu(i, true));
        freeGpus += d.gpus();
        freeCpu += d.cpuMillis();
        freeMemory += d.memoryMb();
        freeSlots += d.slots();
        pool.changed();
    }

    /**
     * Takes what the running trials hold. Running trials whose GPUs are not the machine's, or that
     * overflow it, are trusted as given.
     */
    void occupy(RunningTrials.MachineLoad load, RunningTrials from) {
        loaded = load.trials();
        this.load = load;
        source = from;
        for (int i : load.heldIndices()) {
            markGpu(i, false);
        }
        RunningTrials.Amount used = load.used();
        freeGpus -= used.gpus();
        freeCpu -= used.cpuMillis();
        freeMemory -= used.memoryMb();
        freeSlots -= used.slots();
    }

    /** The trials running here before the pass, with their current progress. */
    /**
     * Whether a trial on loan since before {@code now} runs here, read from the load's arrays while {@link #running()}
     * was not taken, so looking for loans to take back does not materialise every machine's trials.
     */
    boolean runsLoanFrom(long now) {
        if (running != null) {
            for (RunningTrial r : running) {
                if (r.onLoan() && r.startedAt() < now) {
                    return true;
                }
            }
            return false;
        }
        if (load == null) {
            return false;
        }
        long[] fixed = load.fixed();
        for (int at = 0; at < fixed.length; at += RunningTrials.MachineLoad.FIXED) {
            if (fixed[at + 6] != 0 && fixed[at] < now) {
                return true;
            }
        }
        return false;
    }

    /**
     * The trials running here as they started (their progress may be stale), without building {@link #running()}:
     * who runs, since when and on what are the same.
     */
    List<RunningTrial> trialsAsStarted() {
        return running != null ? running : loaded;
    }

    /**
     * The tenants of {@link #trialsAsStarted()}, by position (null for a tenant the pass does not know), looked up
     * once and kept until a trial starts or stops here: fair-share preemption asks for every machine, for every
     * gang it tries.
     */
    TenantState[] tenantsOfTrials(Map<String, TenantState> tenants) {
        if (tenantsOfTrials == null) {
            List<RunningTrial> trials = trialsAsStarted();
            TenantState[] of = new TenantState[trials.size()];
            for (int i = 0; i < of.length; i++) {
                of[i] = tenants.get(trials.get(i).tenant());
            }
            tenantsOfTrials = of;
        }
        return tenantsOfTrials;
    }

    List<RunningTrial> running() {
        if (running == null) {
            List<RunningTrial> now = new ArrayList<>(loaded.size());
            for (RunningTrial r : loaded) {
                now.add(source.current(r.id()));
            }
            running = now;
        }
        return running;
    }

    /**
     * Adds to {@code releases} the expected end, the resources and 1 if on loan since before {@code now} of each trial
     * that ran here before the
     * pass, as {@link #expectedEnd} gives it, read from the load's arrays rather than from each trial;
     * returns false, adding nothing, once {@link #running()} was taken, as the pass may have changed who
     * runs here since.
     */
    boolean addReleasesOfLoaded(long now, long unknownRemaining, List<long[]> releases) {
        if (running != null) {
            return false;
        }
        if (load == null) {
            return true;
        }
        long[] fixed = load.fixed();
        int[] slots = load.slots();
        for (int i = 0; i < slots.length; i++) {
            int at = i * RunningTrials.MachineLoad.FIXED;
            long end = expectedEnd(now, fixed[at], source.progressAt(slots[i]), fixed[at + 1], unknownRemaining);
            long recallable = fixed[at + 6] != 0 && fixed[at] < now ? 1 : 0;
            releases.add(new long[] {end, fixed[at + 2], fixed[at + 3], fixed[at + 4], fixed[at + 5], recallable});
        }
        return true;
    }

    /**
     * When a running trial is expected to end: its elapsed time scaled by its progress, or {@code
     * unknownRemaining} from now when it reports none, and never after its deadline.
     */
    static long expectedEnd(long now, long startedAt, double progress, long deadline, long unknownRemaining) {
        long remaining;
        if (progress > 0) {
            double elapsed = Math.max(0, now - startedAt);
            remaining = (long) (elapsed * (1 - progress) / progress);
        } else {
            remaining = unknownRemaining;
        }
        // A trial with a runtime bound ends by its deadline at the latest.
        return Math.min(now + remaining, Math.max(now, deadline));
    }

    /** How many trials run here (as the pass has changed it, once {@link #running()} was taken). */
    int runningCount() {
        return running != null ? running.size() : loaded.size();
    }

    /** A trial admitted by the pass now counts as running here (the pass's decisions carried out in place). */
    void started(RunningTrial trial) {
        tenantsOfTrials = null;
        running().add(trial);
    }

    /** A trial the pass preempted leaves the machine (its resources were released when it was preempted). */
    void stopped(RunningTrial trial) {
        tenantsOfTrials = null;
        running().remove(trial);
    }

    /** Indices the machine does not have are ignored, as the trials holding them are trusted as given. */
    private void markGpu(int index, boolean free) {
        int slot = indexIsSlot
                ? (index >= 0 && index < gpuIndices.length ? index : -1)
                : Arrays.binarySearch(gpuIndices, index);
        if (slot >= 0) {
            freeGpuSlots.set(slot, free);
        }
    }

    void hold(Resources d, int sign) {
        heldGpus += sign * d.gpus();
        heldCpu += sign * d.cpuMillis();
        heldMemory += sign * d.memoryMb();
        heldSlots += sign * d.slots();
        pool.changed();
    }
}
