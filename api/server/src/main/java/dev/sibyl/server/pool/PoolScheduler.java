package dev.sibyl.server.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.experiment.Admission;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.scheduler.fairshare.Admit;
import dev.sibyl.scheduler.fairshare.Decisions;
import dev.sibyl.scheduler.fairshare.FairShareDebts;
import dev.sibyl.scheduler.fairshare.FairShareSession;
import dev.sibyl.scheduler.fairshare.Preempt;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.Wait;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.trainers.core.Placement;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The runtime loop of the fair-share scheduler: every {@code sibyl.scheduler.interval}, and soon after a driver
 * finds a trial waiting, the replica holding the {@link SchedulerLease} reads a {@link Snapshot} of every active
 * trial, decides with {@link FairShareScheduler} and records each admission as the trial's {@code placement}; the
 * experiment's driver, which asks {@link #mayStart} before handing a trial to its training service, then starts
 * it. A tenant reclaiming its nominal quota gets it back by preemption of borrowers: the trial ends SYS_CANCELED
 * and is queued again with the same parameters. Trials left waiting keep the reason and position of the last
 * pass, for the API: the lease holder answers from memory and publishes them ({@link QueueBoard}, at most every
 * {@code sibyl.scheduler.queue-publish-interval}) for the other replicas, which answer from the table.
 */
@ApplicationScoped
public class PoolScheduler implements Admission {
    private static final Logger LOG = Logger.getLogger(PoolScheduler.class);

    @Inject
    DataSource dataSource;

    @Inject
    PoolService pools;

    @Inject
    DriverSupervisor drivers;

    @Inject
    InstantSource clock;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "sibyl.scheduler.interval", defaultValue = "1s")
    Duration interval;

    @ConfigProperty(name = "sibyl.scheduler.min-runtime-before-preemption", defaultValue = "5m")
    Duration minRuntime;

    /** How much a tenant's decayed past usage counts against it next to its current share (0 ignores history). */
    @ConfigProperty(name = "sibyl.scheduler.past-usage-weight", defaultValue = "1.0")
    double pastUsageWeight;

    @ConfigProperty(name = "sibyl.scheduler.usage-half-life", defaultValue = "2h")
    Duration usageHalfLife;

    /**
     * How much a tenant's fair-share debt counts next to its current share (ADR 0029): tenants that had less than
     * their weighted max-min share go first until they catch up. Debts decay with the usage half-life.
     */
    @ConfigProperty(name = "sibyl.scheduler.debt-weight", defaultValue = "32")
    double debtWeight;

    /** How often the lease holder saves the debts, so a restart or a new holder goes on from them. */
    @ConfigProperty(name = "sibyl.scheduler.debt-save-interval", defaultValue = "30s")
    Duration debtSaveInterval;

    /**
     * Let the head trials of the tenants furthest behind hold their machine, or reserve one, before nominal quotas
     * are served (ADR 0021, 0029).
     */
    @ConfigProperty(name = "sibyl.scheduler.heads-first", defaultValue = "true")
    boolean headsFirst;

    /** Lend GPUs held for a reservation to trials that run on loan until the reserved trial takes them back. */
    @ConfigProperty(name = "sibyl.scheduler.lend-held", defaultValue = "false")
    boolean lendHeld;

    /**
     * Let the blocked multi-GPU trial of a tenant below its weighted fair share preempt trials of tenants above
     * theirs (ADR 0019, the default since ADR 0031): fair with large trials, at the cost of lost work
     * (docs/benchmarks/scheduler.md).
     */
    @ConfigProperty(name = "sibyl.scheduler.fair-share-preemption", defaultValue = "true")
    boolean fairSharePreemption;

    /** Run trials that take their tenant above its weighted fair share on loan (ADR 0025), to be taken back. */
    @ConfigProperty(name = "sibyl.scheduler.above-share-on-loan", defaultValue = "false")
    boolean aboveShareOnLoan;

    /**
     * Which quantile of the runtimes of an experiment's trials that ended on their own is its runtime estimate
     * (ADR 0030): a waiting trial expected to end before a reservation's start may use the GPUs held for it, on
     * loan when its maxTrialDuration does not end it in time. 0 turns estimates off.
     */
    @ConfigProperty(name = "sibyl.scheduler.runtime-estimates", defaultValue = "0.5")
    double estimateQuantile;

    /** How many of an experiment's latest runtimes count in its estimate. */
    @ConfigProperty(name = "sibyl.scheduler.runtime-estimates.window", defaultValue = "20")
    int estimateWindow;

    /** How many of an experiment's trials must have ended on their own before it has an estimate. */
    @ConfigProperty(name = "sibyl.scheduler.runtime-estimates.min-samples", defaultValue = "3")
    int estimateMinSamples;

    /**
     * How long at most a trial that ended on its own keeps its resources for its experiment's next trial, while the
     * driver asks the tuner for it (ADR 0032). 0 gives them to the next in line at once.
     */
    @ConfigProperty(name = "sibyl.scheduler.handover-hold", defaultValue = "2s")
    Duration handoverHold;

    @ConfigProperty(name = "sibyl.trial.cancel-grace-period", defaultValue = "5s")
    Duration cancelGracePeriod;

    /** How often the lease holder writes the queue's positions and reasons for the other replicas. */
    @ConfigProperty(name = "sibyl.scheduler.queue-publish-interval", defaultValue = "2s")
    Duration queuePublishInterval;

    private static final TypeReference<List<Integer>> GPU_LIST = new TypeReference<>() {};

    /** Kept between passes (only {@link #pass}, which is synchronized, uses it): it starts from the last order. */
    private final FairShareSession scheduler = new FairShareSession();

    private final AtomicBoolean passQueued = new AtomicBoolean();
    private volatile Map<String, Wait> waits = Map.of();
    /** Whether this replica held the lease at its last pass, so {@link #waits} is the queue. */
    private volatile boolean leading;

    private long publishedAt = Long.MIN_VALUE;
    private QueueBoard board;
    private DebtBook debtBook;
    /** The tenants' fair-share debts while this replica decides; null while it does not hold the lease. */
    private FairShareDebts debts;

    private long debtsSavedAt = Long.MIN_VALUE;
    private volatile ScheduledExecutorService executor;
    private SchedulerLease lease;
    private EstimateSettings estimates;

    void onStart(@Observes StartupEvent event) {
        estimates = new EstimateSettings(estimateQuantile, estimateWindow, estimateMinSamples);
        lease = new SchedulerLease(dataSource);
        board = new QueueBoard(dataSource);
        debtBook = new DebtBook(dataSource);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sibyl-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::passQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onShutdown(@Observes ShutdownEvent event) {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            ex.shutdownNow();
        }
        if (lease != null) {
            lease.close();
        }
    }

    /** Whether the scheduler has admitted the trial (given it a placement); if not, a pass comes soon. */
    @Override
    public boolean mayStart(String experimentId, String trialId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select placement is not null from trials where experiment_id = ? and trial_id = ?")) {
            s.setString(1, experimentId);
            s.setString(2, trialId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getBoolean(1)) {
                    return true;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the admission of trial " + trialId + " failed", e);
        }
        passSoon();
        return false;
    }

    /** The experiment's driver has queued what follows its ended trials: their resources are free for anyone. */
    @Override
    public void handedOver(String experimentId) {
        int released;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update trials set slot_held_since = null"
                        + " where experiment_id = ? and slot_held_since is not null")) {
            s.setString(1, experimentId);
            released = s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("handing over the ended trials of " + experimentId + " failed", e);
        }
        if (released > 0) {
            passSoon();
        }
    }

    /** The machine and GPU indices this scheduler chose for the trial; null when it was not admitted by it. */
    @Override
    public Placement placement(String experimentId, String trialId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select placement ->> 'machine', placement -> 'gpus'"
                                + " from trials where experiment_id = ? and trial_id = ? and placement ->> 'machine' is not null")) {
            s.setString(1, experimentId);
            s.setString(2, trialId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                String gpus = r.getString(2);
                List<Integer> indices = gpus == null ? List.of() : json.readValue(gpus, GPU_LIST);
                return new Placement(r.getString(1), indices);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("reading the placement of trial " + trialId + " failed", e);
        }
    }

    /** The pool the scheduler placed the trial in; null while it waits for admission. */
    public String poolOf(String experimentId, String trialId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select placement ->> 'pool' from trials where experiment_id = ? and trial_id = ?")) {
            s.setString(1, experimentId);
            s.setString(2, trialId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the pool of trial " + trialId + " failed", e);
        }
    }

    /** Why the trial still waits, and its place in the queue, as of the last pass; empty when it does not wait. */
    public Optional<QueueEntry> waitOf(String experimentId, String trialId) {
        if (!leading) {
            return board.entry(experimentId, trialId);
        }
        return Optional.ofNullable(waits.get(SnapshotReader.key(experimentId, trialId)))
                .map(QueueEntry::of);
    }

    /** The waiting trials of the last pass that may run in {@code pool}, in queue order. */
    public List<QueueEntry> queue(String pool) {
        if (!leading) {
            return board.queue(pool);
        }
        return waits.values().stream()
                .filter(w -> w.trial().mayRunIn(pool))
                .sorted(java.util.Comparator.comparingInt(Wait::position))
                .map(QueueEntry::of)
                .toList();
    }

    private void passSoon() {
        ScheduledExecutorService ex = executor;
        if (ex != null && passQueued.compareAndSet(false, true)) {
            ex.schedule(
                    () -> {
                        passQueued.set(false);
                        passQuietly();
                    },
                    20,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduling pass failed; the next one retries");
        }
    }

    /** One pass: snapshot, decide, record admissions, wake their drivers. Only the lease holder decides. */
    synchronized void pass() {
        if (!lease.holds()) {
            if (leading) {
                leading = false;
                waits = Map.of();
                board.reset();
                debts = null;
            }
            return;
        }
        leading = true;
        if (debts == null) {
            debts = debtBook.load(usageHalfLife.toMillis());
        }
        Snapshot read = new SnapshotReader(dataSource, json, usageHalfLife, stopSlack(), estimates, handoverHold)
                .read(pools.forScheduler(), clock.millis(), settings());
        debts.observe(read);
        saveDebts(read.now());
        Snapshot snapshot = new Snapshot(
                read.pools(),
                debts.stamp(read.tenants()),
                read.waiting(),
                read.running(),
                read.now(),
                read.settings(),
                read.expectedRuntimes());
        if (snapshot.waiting().isEmpty()) {
            waits = Map.of();
            publish(true);
            return;
        }
        Decisions decisions = scheduler.decide(snapshot);
        if (LOG.isDebugEnabled()) {
            LOG.debugf(
                    "pass: %d running %s, %d waiting, %d admits, %d preempts",
                    snapshot.running().size(),
                    snapshot.running().stream()
                            .collect(java.util.stream.Collectors.groupingBy(
                                    r -> r.tenant(), java.util.stream.Collectors.counting())),
                    snapshot.waiting().size(),
                    decisions.admits().size(),
                    decisions.preempts().size());
        }
        Map<String, Wait> waiting = new HashMap<>();
        decisions.waits().forEach(w -> waiting.put(w.trial().id(), w));
        waits = Map.copyOf(waiting);
        publish(false);
        if (!decisions.preempts().isEmpty()) {
            // Admissions of this pass may count on the victims' capacity, which is only free once they have
            // stopped: preempt now, admit at a later pass. A trial being preempted still holds its place until it
            // has stopped; deciding again before then would pick a second victim for the same need.
            if (!preemptionsInFlight()) {
                decisions.preempts().forEach(this::preempt);
            }
            return;
        }
        for (Admit a : decisions.admits()) {
            if (place(a)) {
                drivers.wake(a.trial().experiment());
            }
        }
    }

    /** Saves the debts at most every debt-save-interval; a failed save is retried at the next pass. */
    private void saveDebts(long now) {
        if (debtsSavedAt != Long.MIN_VALUE && now - debtsSavedAt < debtSaveInterval.toMillis()) {
            return;
        }
        try {
            debtBook.save(debts);
            debtsSavedAt = now;
        } catch (IllegalStateException e) {
            LOG.warnf("saving the fair-share debts failed; the next pass retries: %s", e.getMessage());
        }
    }

    /** Writes the queue for the other replicas, at most every queue-publish-interval unless {@code now}. */
    private void publish(boolean now) {
        long at = clock.millis();
        if (!now && publishedAt != Long.MIN_VALUE && at - publishedAt < queuePublishInterval.toMillis()) {
            return;
        }
        try {
            board.publish(waits);
            publishedAt = at;
        } catch (IllegalStateException e) {
            LOG.warnf("publishing the queue failed; the next pass retries: %s", e.getMessage());
        }
    }

    private boolean preemptionsInFlight() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select exists (select 1 from trials where status in"
                        + " ('WAITING', 'RUNNING') and (placement ->> 'preempted') = 'true')");
                ResultSet r = s.executeQuery()) {
            return r.next() && r.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading preemptions in flight failed", e);
        }
    }

    /**
     * Stops a trial to give its capacity back (to a tenant reclaiming its nominal quota, or to a reservation taking
     * back what it lent): the trial ends SYS_CANCELED, and its experiment's store queues its parameters again in the
     * transaction that records the end ({@code PostgresExperimentStore.markFinished}).
     */
    private void preempt(Preempt p) {
        String[] key = SnapshotReader.split(p.trial().id());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("update trials set placement = placement"
                        + " || jsonb_build_object('preempted', true, 'preemptedBecause', ?::text)"
                        + " where experiment_id = ? and trial_id = ?"
                        + " and status in ('WAITING', 'RUNNING') and cancel_as is null")) {
            s.setString(1, p.toOwner());
            s.setString(2, key[0]);
            s.setString(3, key[1]);
            if (s.executeUpdate() == 0) {
                return; // ended or being stopped already
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "recording the preemption of " + p.trial().id() + " failed", e);
        }
        drivers.store(key[0]).requestCancel(key[1], TrialStatus.SYS_CANCELED);
        drivers.wake(key[0]);
        LOG.infof("trial %s preempted: %s", p.trial().id(), p.reason());
    }

    /** The driver's step, the trainer's grace period and a margin: how late a trial past its limit may end. */
    private Duration stopSlack() {
        return cancelGracePeriod.plus(interval).plus(Duration.ofSeconds(30));
    }

    /** The core's settings from this server's properties. */
    Settings settings() {
        return new Settings(
                minRuntime.toMillis(),
                Duration.ofHours(1).toMillis(),
                pastUsageWeight,
                headsFirst,
                true,
                fairSharePreemption,
                lendHeld,
                aboveShareOnLoan,
                debtWeight);
    }

    /** The trial's {@code placement} column for an admission; {@link SnapshotReader#onLoan} reads the loan back. */
    static String placementJson(ObjectMapper json, Admit a) {
        Map<String, Object> placement = new java.util.LinkedHashMap<>();
        placement.put("pool", a.pool());
        placement.put("machine", a.machine());
        placement.put("gpus", a.gpuIndices());
        if (a.onLoan()) {
            placement.put("onLoan", true);
        }
        try {
            return json.writeValueAsString(placement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean place(Admit a) {
        String[] key = SnapshotReader.split(a.trial().id());
        String placement = placementJson(json, a);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("update trials set placement = ?::jsonb where experiment_id = ?"
                                + " and trial_id = ? and status = 'WAITING' and not submitted and placement is null")) {
            s.setString(1, placement);
            s.setString(2, key[0]);
            s.setString(3, key[1]);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "recording the admission of " + a.trial().id() + " failed", e);
        }
    }
}
