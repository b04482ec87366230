package dev.sibyl.scheduler.fairshare;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * A frozen list of running trials, indexed by pool, machine and tenant, so that a pass of {@link
 * FairShareScheduler} reads free capacity and usage instead of adding up every running trial. Take
 * one from {@link RunningLedger#freeze()} (cheap, for trials kept between passes) or {@link #of}
 * (indexes a plain list once). Pass it as {@link Snapshot#running()}.
 *
 * <p>As a {@link List} it iterates trials by id; the first positional access builds that list
 * once. Immutable and thread-safe.
 */
public final class RunningTrials extends AbstractList<RunningTrial> implements RandomAccess {
    /** An immutable sum of resources. */
    record Amount(long gpus, long cpuMillis, long memoryMb, long slots) {
        static final Amount ZERO = new Amount(0, 0, 0, 0);
    }

    /**
     * What runs on one machine: the trials as they started (their placement, not their progress;
     * {@link RunningTrials#current} has that), their total demand and the GPU indices they hold. Per
     * trial, in the same order, {@code slots} gives where {@link RunningTrials#progressAt} keeps its
     * progress and {@code fixed} what a pass needs to expect its end without looking it up: {@value
     * #FIXED} longs each, its start, deadline, GPUs, CPU millis, memory MB, slots, and 1 if it runs on loan.
     */
    record MachineLoad(List<RunningTrial> trials, Amount used, int[] heldIndices, int[] slots, long[] fixed) {
        static final int FIXED = 7;

        /**
         * {@code m} with {@code trial} added (sign 1, its progress kept at {@code slot}) or removed (sign -1,
         * slot ignored); null when empty.
         */
        static MachineLoad with(MachineLoad m, RunningTrial trial, int slot, int sign) {
            List<RunningTrial> trials = new ArrayList<>(m == null ? List.of() : m.trials);
            List<Integer> slots = new ArrayList<>(trials.size() + 1);
            for (int i = 0; i < trials.size(); i++) {
                slots.add(m.slots[i]);
            }
            if (sign > 0) {
                trials.add(trial);
                slots.add(slot);
            } else {
                for (int i = trials.size() - 1; i >= 0; i--) {
                    if (trials.get(i).id().equals(trial.id())) {
                        trials.remove(i);
                        slots.remove(i);
                    }
                }
            }
            if (trials.isEmpty()) {
                return null;
            }
            TreeSet<Integer> held = new TreeSet<>();
            long[] fixed = new long[trials.size() * FIXED];
            for (int i = 0; i < trials.size(); i++) {
                RunningTrial t = trials.get(i);
                held.addAll(t.gpuIndices());
                Resources d = t.demand();
                int at = i * FIXED;
                fixed[at] = t.startedAt();
                fixed[at + 1] = t.deadline();
                fixed[at + 2] = d.gpus();
                fixed[at + 3] = d.cpuMillis();
                fixed[at + 4] = d.memoryMb();
                fixed[at + 5] = d.slots();
                fixed[at + 6] = t.onLoan() ? 1 : 0;
            }
            return new MachineLoad(
                    List.copyOf(trials),
                    RunningLedger.plus(m == null ? null : m.used, trial.demand(), sign),
                    held.stream().mapToInt(Integer::intValue).toArray(),
                    slots.stream().mapToInt(Integer::intValue).toArray(),
                    fixed);
        }
    }

    /**
     * What runs in one pool: per machine id, and per tenant its usage (every trial) and number of
     * trials. Machines the pool does not have are kept too, as the pass trusts trials as given.
     */
    record PoolLoad(Map<String, MachineLoad> machines, Map<String, Amount> usage, Map<String, Integer> trials) {
        static PoolLoad with(PoolLoad p, RunningTrial trial, ToIntFunction<String> slotOf, int sign) {
            return with(p, List.of(trial), slotOf, sign);
        }

        /**
         * {@code p} with all of {@code changed} added (sign 1, with their progress slots) or removed (sign -1);
         * null when empty.
         */
        static PoolLoad with(PoolLoad p, List<RunningTrial> changed, ToIntFunction<String> slotOf, int sign) {
            Map<String, MachineLoad> machines = new HashMap<>(p == null ? Map.of() : p.machines);
            Map<String, Amount> usage = new HashMap<>(p == null ? Map.of() : p.usage);
            Map<String, Integer> trials = new HashMap<>(p == null ? Map.of() : p.trials);
            for (RunningTrial trial : changed) {
                int slot = sign > 0 ? slotOf.applyAsInt(trial.id()) : -1;
                MachineLoad m = MachineLoad.with(machines.get(trial.machine()), trial, slot, sign);
                if (m == null) {
                    machines.remove(trial.machine());
                } else {
                    machines.put(trial.machine(), m);
                }
                int count = trials.getOrDefault(trial.tenant(), 0) + sign;
                if (count == 0) {
                    trials.remove(trial.tenant());
                    usage.remove(trial.tenant());
                } else {
                    trials.put(trial.tenant(), count);
                    usage.put(trial.tenant(), RunningLedger.plus(usage.get(trial.tenant()), trial.demand(), sign));
                }
            }
            return trials.isEmpty() ? null : new PoolLoad(machines, usage, trials);
        }
    }

    /** One tenant's running trials: total usage, count and count per experiment. */
    record TenantLoad(Amount usage, int trials, Map<String, Integer> byExperiment) {
        static TenantLoad with(TenantLoad t, RunningTrial trial, int sign) {
            return with(t, List.of(trial), sign);
        }

        /** {@code t} with all of {@code changed} added (sign 1) or removed (sign -1); null when none run. */
        static TenantLoad with(TenantLoad t, List<RunningTrial> changed, int sign) {
            int count = (t == null ? 0 : t.trials) + sign * changed.size();
            if (count == 0) {
                return null;
            }
            Map<String, Integer> byExperiment = new HashMap<>(t == null ? Map.of() : t.byExperiment);
            Amount usage = t == null ? null : t.usage;
            for (RunningTrial trial : changed) {
                int inExperiment = byExperiment.getOrDefault(trial.experiment(), 0) + sign;
                if (inExperiment == 0) {
                    byExperiment.remove(trial.experiment());
                } else {
                    byExperiment.put(trial.experiment(), inExperiment);
                }
                usage = RunningLedger.plus(usage, trial.demand(), sign);
            }
            return new TenantLoad(usage, count, byExperiment);
        }

        int inExperiment(String experiment) {
            return byExperiment.getOrDefault(experiment, 0);
        }
    }

    final Map<String, RunningTrial> byId;
    final Map<String, PoolLoad> pools;
    final Map<String, TenantLoad> tenants;
    final long latestStart;
    final Map<String, RunningTrial> atLatest;
    /** Where each trial's progress is kept in {@link #progress}. */
    final Map<String, Integer> slots;
    /** Progress by slot: a pass reads it per machine instead of looking up each trial by id. */
    final double[] progress;
    /** Slots of ended trials, free for the next to start ({@code freeCount} of them), and the next new slot. */
    final int[] free;

    final int freeCount;
    final int nextSlot;
    private volatile RunningTrial[] flat;

    RunningTrials(RunningLedger index) {
        this.byId = index.byId;
        this.pools = index.pools;
        this.tenants = index.tenants;
        this.latestStart = index.latestStart;
        this.atLatest = index.atLatest;
        this.slots = index.slots;
        this.progress = index.progress;
        this.free = index.free;
        this.freeCount = index.freeCount;
        this.nextSlot = index.nextSlot;
    }

    /**
     * The trials indexed; the list itself when it already is one.
     *
     * @throws IllegalArgumentException when two trials have the same id
     */
    public static RunningTrials of(List<RunningTrial> trials) {
        if (trials instanceof RunningTrials indexed) {
            return indexed;
        }
        RunningLedger ledger = new RunningLedger();
        ledger.startAll(trials);
        return ledger.freeze();
    }

    /** These trials less those with the ids in {@code ended}, plus {@code started}. */
    public RunningTrials with(Collection<RunningTrial> started, Collection<String> ended) {
        if (started.isEmpty() && ended.isEmpty()) {
            return this;
        }
        RunningLedger ledger = RunningLedger.from(this);
        ended.forEach(ledger::end);
        ledger.startAll(started);
        return ledger.freeze();
    }

    /** The trial with this id as it is now (its latest progress), or null. */
    RunningTrial current(String id) {
        return byId.get(id);
    }

    /** The progress of the trial kept at {@code slot} (see {@link MachineLoad#slots}). */
    double progressAt(int slot) {
        return progress[slot];
    }

    PoolLoad pool(String name) {
        return pools.get(name);
    }

    /** Tenants with running trials, by id (unordered). */
    Map<String, TenantLoad> tenantLoads() {
        return tenants;
    }

    /** The trials that started at or after {@code now} (an admission being confirmed). */
    List<RunningTrial> startedSince(long now) {
        if (latestStart < now) {
            return List.of();
        }
        if (latestStart == now) {
            return List.copyOf(atLatest.values());
        }
        List<RunningTrial> since = new ArrayList<>();
        for (RunningTrial r : byId.values()) {
            if (r.startedAt() >= now) {
                since.add(r);
            }
        }
        return since;
    }

    @Override
    public int size() {
        return byId.size();
    }

    @Override
    public RunningTrial get(int index) {
        RunningTrial[] all = flat;
        if (all == null) {
            all = byId.values().toArray(new RunningTrial[0]);
            java.util.Arrays.sort(all, Comparator.comparing(RunningTrial::id));
            flat = all;
        }
        return all[index];
    }
}
