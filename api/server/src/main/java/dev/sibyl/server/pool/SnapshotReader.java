package dev.sibyl.server.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.scheduler.fairshare.Machine;
import dev.sibyl.scheduler.fairshare.Pool;
import dev.sibyl.scheduler.fairshare.Quota;
import dev.sibyl.scheduler.fairshare.Resources;
import dev.sibyl.scheduler.fairshare.RunningTrial;
import dev.sibyl.scheduler.fairshare.RuntimeEstimates;
import dev.sibyl.scheduler.fairshare.Settings;
import dev.sibyl.scheduler.fairshare.Snapshot;
import dev.sibyl.scheduler.fairshare.Tenant;
import dev.sibyl.scheduler.fairshare.WaitingTrial;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads what one scheduling pass looks at: every trial in flight or waiting in an active experiment, with its
 * tenant (by slug), demand (one slot and {@code trialGpuNumber} GPUs) and placement, and those tenants' weights and
 * per-pool quotas, and how long the waiting trials' experiments are expected to run. Trials are keyed
 * {@code <experiment id>/<trial id>}.
 */
final class SnapshotReader {
    private static final String TRIALS = "select t.experiment_id, t.trial_id, n.slug, t.status, t.submitted,"
            + " t.cancel_as, t.placement, t.created_at, t.started_at, coalesce(e.trial_gpu_number, 0), e.status,"
            + " e.config -> 'trainingService', e.max_trial_duration_s"
            + " from trials t join experiments e on e.id = t.experiment_id join tenants n on n.id = t.tenant_id"
            + " where t.status in ('WAITING', 'RUNNING')"
            + " and e.status in ('RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL', 'STOPPING', 'ERROR')"
            + " order by t.created_at, t.experiment_id, t.sequence_id";
    private static final Set<String> PROPOSING = Set.of("RUNNING", "NO_MORE_TRIAL", "TUNER_NO_MORE_TRIAL");
    /**
     * The latest runtimes of trials that ended on their own, or ran into the experiment's maxTrialDuration (which
     * the driver ends as EARLY_STOPPED: the full allowance is how long such a trial runs). Preempted and cancelled
     * trials were stopped from outside, and one an assessor stopped early ran short, so neither tells how long a
     * full trial runs.
     */
    private static final String RUNTIMES = "select experiment_id, started_at, ended_at from (select t.experiment_id,"
            + " t.started_at, t.ended_at, row_number() over (partition by t.experiment_id order by t.ended_at desc,"
            + " t.sequence_id desc) as latest from trials t join experiments e on e.id = t.experiment_id"
            + " where t.experiment_id = any (?) and t.ended_at > t.started_at"
            + " and (t.status in ('SUCCEEDED', 'FAILED') or t.status = 'EARLY_STOPPED'"
            + " and t.ended_at - t.started_at >= make_interval(secs => e.max_trial_duration_s))) r"
            + " where latest <= ? order by experiment_id, latest desc";

    /** Where the trials that ended on their own lately ran, while their experiments' drivers queue what follows. */
    private static final String HELD = "select t.placement from trials t join experiments e on e.id = t.experiment_id"
            + " where t.slot_held_since > ? and t.placement is not null and e.status = 'RUNNING'";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Duration usageHalfLife;
    private final Duration stopSlack;
    private final EstimateSettings estimates;
    private final Duration handoverHold;

    /**
     * @param usageHalfLife how fast past usage fades from the fair-share order (an hour ago counts half at 1h)
     * @param stopSlack how long after its experiment's {@code maxTrialDuration} a trial may still hold its
     *     resources: the driver notices the limit, the trainer's grace period runs, the end is recorded
     * @param estimates how the waiting trials' experiments' runtimes are estimated, if they are
     * @param handoverHold how long at most a trial that ended on its own keeps its resources for its experiment's next
     *     trial (ADR 0032); zero reads no holds
     */
    SnapshotReader(
            DataSource dataSource,
            ObjectMapper json,
            Duration usageHalfLife,
            Duration stopSlack,
            EstimateSettings estimates,
            Duration handoverHold) {
        this.handoverHold = handoverHold;
        this.dataSource = dataSource;
        this.json = json;
        this.usageHalfLife = usageHalfLife;
        this.stopSlack = stopSlack;
        this.estimates = estimates;
    }

    /**
     * The longest a trial of the experiment holds resources once started, in milliseconds: its maxTrialDuration
     * (which the driver enforces) plus the stop slack; unbounded without one.
     */
    private long runtimeBound(ResultSet r) throws SQLException {
        long seconds = r.getLong(13);
        if (r.wasNull() || seconds <= 0) {
            return WaitingTrial.UNBOUNDED;
        }
        return Math.multiplyExact(seconds, 1000L) + stopSlack.toMillis();
    }

    /** Whether the admission recorded in this placement ran the trial on loan ({@code Settings.lendHeld}). */
    static boolean onLoan(JsonNode placement) {
        return placement.path("onLoan").asBoolean(false);
    }

    static String key(String experimentId, String trialId) {
        return experimentId + "/" + trialId;
    }

    static String[] split(String key) {
        int slash = key.indexOf('/');
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    Snapshot read(List<Pool> pools, long now, Settings settings) {
        List<WaitingTrial> waiting = new ArrayList<>();
        List<RunningTrial> running = new ArrayList<>();
        Set<String> tenants = new HashSet<>();
        Map<String, Set<Integer>> gpusTaken = new HashMap<>();
        List<Object[]> unplaced = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(TRIALS);
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = key(r.getString(1), r.getString(2));
                    String tenant = r.getString(3);
                    boolean submitted = r.getBoolean(5);
                    String placement = r.getString(7);
                    int gpus = r.getInt(10);
                    Resources demand = new Resources(gpus, "", 0, 0, 1);
                    tenants.add(tenant);
                    if (placement == null && !submitted) {
                        if ("WAITING".equals(r.getString(4))
                                && r.getString(6) == null
                                && PROPOSING.contains(r.getString(11))) {
                            waiting.add(new WaitingTrial(
                                    id,
                                    tenant,
                                    r.getString(1),
                                    0,
                                    demand,
                                    pools(r.getString(1), json.readTree(r.getString(12))),
                                    millis(r.getTimestamp(8)),
                                    runtimeBound(r)));
                        }
                        continue;
                    }
                    long started = millis(r.getTimestamp(9) != null ? r.getTimestamp(9) : r.getTimestamp(8));
                    if (placement == null) {
                        // Started before pools existed, or by a replica without the lease: somewhere in the local pool.
                        unplaced.add(new Object[] {id, tenant, r.getString(1), demand, started});
                        continue;
                    }
                    JsonNode p = json.readTree(placement);
                    List<Integer> indices = new ArrayList<>();
                    p.path("gpus").forEach(g -> indices.add(g.asInt()));
                    String pool = p.path("pool").asText();
                    String machine = p.path("machine").asText();
                    gpusTaken
                            .computeIfAbsent(pool + "/" + machine, k -> new HashSet<>())
                            .addAll(indices);
                    long bound = runtimeBound(r);
                    long deadline = bound == WaitingTrial.UNBOUNDED || started > Long.MAX_VALUE - bound
                            ? RunningTrial.NO_DEADLINE
                            : started + bound;
                    running.add(new RunningTrial(
                            id,
                            tenant,
                            r.getString(1),
                            pool,
                            machine,
                            indices,
                            demand,
                            started,
                            0,
                            deadline,
                            onLoan(p)));
                }
            }
            for (Object[] u : unplaced) {
                running.add(placeSomewhere(pools, gpusTaken, u));
            }
            Map<String, Double> past = pastUsage(c, tenants, pools, now);
            List<Tenant> withUsage = tenants(c, tenants).stream()
                    .map(t -> new Tenant(t.id(), t.weight(), t.quotas(), past.getOrDefault(t.id(), 0.0)))
                    .toList();
            Set<String> waitingExperiments = new HashSet<>();
            waiting.forEach(w -> waitingExperiments.add(w.experiment()));
            return new Snapshot(
                    lessHeld(c, pools, running, now),
                    withUsage,
                    waiting,
                    running,
                    now,
                    settings,
                    expectedRuntimes(c, waitingExperiments));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("reading the scheduling snapshot failed", e);
        }
    }

    /**
     * The pools less what trials that ended on their own in the last {@link #handoverHold} keep for their
     * experiments' next trials (ADR 0032): a slot each, and their GPUs. Only what no running trial uses is held, so a
     * machine never shows less than nothing free.
     */
    private List<Pool> lessHeld(Connection c, List<Pool> pools, List<RunningTrial> running, long now)
            throws SQLException, IOException {
        if (handoverHold.isZero() || handoverHold.isNegative()) {
            return pools;
        }
        Map<String, Integer> heldSlots = new HashMap<>();
        Map<String, Set<Integer>> heldGpus = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(HELD)) {
            s.setTimestamp(1, new Timestamp(now - handoverHold.toMillis()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    JsonNode p = json.readTree(r.getString(1));
                    String machine =
                            p.path("pool").asText() + "/" + p.path("machine").asText();
                    heldSlots.merge(machine, 1, Integer::sum);
                    p.path("gpus")
                            .forEach(g -> heldGpus.computeIfAbsent(machine, k -> new HashSet<>())
                                    .add(g.asInt()));
                }
            }
        }
        if (heldSlots.isEmpty()) {
            return pools;
        }
        Map<String, Integer> usedSlots = new HashMap<>();
        Map<String, Set<Integer>> usedGpus = new HashMap<>();
        for (RunningTrial t : running) {
            String machine = t.pool() + "/" + t.machine();
            usedSlots.merge(machine, t.demand().slots(), Integer::sum);
            usedGpus.computeIfAbsent(machine, k -> new HashSet<>()).addAll(t.gpuIndices());
        }
        List<Pool> less = new ArrayList<>(pools.size());
        for (Pool pool : pools) {
            List<Machine> machines = new ArrayList<>(pool.machines().size());
            for (Machine m : pool.machines()) {
                String key = pool.name() + "/" + m.id();
                Integer slots = heldSlots.get(key);
                if (slots == null) {
                    machines.add(m);
                    continue;
                }
                Resources capacity = m.capacity();
                int free = capacity.slots() - usedSlots.getOrDefault(key, 0);
                int keep = Math.max(0, Math.min(slots, free));
                Set<Integer> used = usedGpus.getOrDefault(key, Set.of());
                Set<Integer> gpus = heldGpus.getOrDefault(key, Set.of());
                List<Integer> indices = m.gpuIndices().stream()
                        .filter(g -> used.contains(g) || !gpus.contains(g))
                        .toList();
                machines.add(new Machine(
                        m.id(),
                        new Resources(
                                indices.size(),
                                capacity.gpuType(),
                                capacity.cpuMillis(),
                                capacity.memoryMb(),
                                capacity.slots() - keep),
                        indices));
            }
            less.add(new Pool(pool.name(), pool.kind(), machines, pool.allowedTenants(), pool.labels()));
        }
        return less;
    }

    /** Which pools a trial may use, from its experiment's {@code trainingService} (see {@link PoolNames}). */
    static Set<String> pools(String experimentId, JsonNode trainingService) {
        Set<String> pools = new java.util.LinkedHashSet<>();
        if (trainingService != null && trainingService.isArray()) {
            for (int i = 0; i < trainingService.size(); i++) {
                pools.add(pool(experimentId, trainingService.get(i), i));
            }
        } else {
            pools.add(pool(experimentId, trainingService, -1));
        }
        return pools;
    }

    private static String pool(String experimentId, JsonNode entry, int index) {
        String platform = entry == null ? null : entry.path("platform").asText(null);
        String named = entry == null ? null : entry.path("pool").asText(null);
        return PoolNames.of(experimentId, platform, named, index);
    }

    private static RunningTrial placeSomewhere(List<Pool> pools, Map<String, Set<Integer>> gpusTaken, Object[] u) {
        Resources demand = (Resources) u[3];
        Pool local = pools.stream()
                .filter(p -> p.name().equals(PoolService.LOCAL))
                .findFirst()
                .orElse(pools.get(0));
        Machine machine = local.machines().get(0);
        Set<Integer> taken = gpusTaken.computeIfAbsent(local.name() + "/" + machine.id(), k -> new HashSet<>());
        List<Integer> free =
                machine.gpuIndices().stream().filter(g -> !taken.contains(g)).toList();
        Resources held = demand.gpus() <= free.size() ? demand : new Resources(0, "", 0, 0, demand.slots());
        List<Integer> indices = free.subList(0, held.gpus());
        taken.addAll(indices);
        return new RunningTrial(
                (String) u[0], (String) u[1], (String) u[2], local.name(), machine.id(), indices, held, (Long) u[4], 0);
    }

    /** By experiment, how long its trials are expected to run, in milliseconds; empty with estimates off. */
    private Map<String, Long> expectedRuntimes(Connection c, Collection<String> experiments) throws SQLException {
        if (!estimates.on() || experiments.isEmpty()) {
            return Map.of();
        }
        RuntimeEstimates runtimes = estimates.newEstimates();
        try (PreparedStatement s = c.prepareStatement(RUNTIMES)) {
            Array ids = c.createArrayOf("varchar", experiments.toArray());
            s.setArray(1, ids);
            s.setInt(2, estimates.window());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runtimes.ended(r.getString(1), millis(r.getTimestamp(3)) - millis(r.getTimestamp(2)));
                }
            } finally {
                ids.free();
            }
        }
        return runtimes.frozen();
    }

    /**
     * Each tenant's past usage as a decayed average share of all pools: every trial that ran contributes its
     * dominant share (GPUs of all GPUs, or one slot of all slots) over its run, an hour ago counting
     * 2^(-1h/half-life) as much as now, divided by the decay's mean lifetime (the simulator's measure).
     */
    private Map<String, Double> pastUsage(Connection c, Set<String> slugs, List<Pool> pools, long now)
            throws SQLException {
        Map<String, Double> out = new HashMap<>();
        int totalGpus = pools.stream()
                .flatMap(p -> p.machines().stream())
                .mapToInt(m -> m.gpuIndices().size())
                .sum();
        long totalSlots = pools.stream()
                .flatMap(p -> p.machines().stream())
                .mapToLong(m -> m.capacity().slots())
                .sum();
        if (slugs.isEmpty() || totalSlots == 0) {
            return out;
        }
        double lambda = Math.log(2) / (usageHalfLife.toMillis() / 1000.0);
        String in = String.join(",", java.util.Collections.nCopies(slugs.size(), "?"));
        // share x (2^-(now-end)/H - 2^-(now-start)/H): the decayed integral over the run, over the mean lifetime
        String sql = "select n.slug, sum(greatest(coalesce(e.trial_gpu_number, 0)::float8 / ?, 1.0 / ?)"
                + " * (exp(-? * extract(epoch from (? - coalesce(t.ended_at, ?))))"
                + " - exp(-? * extract(epoch from (? - t.started_at)))))"
                + " from trials t join experiments e on e.id = t.experiment_id join tenants n on n.id = t.tenant_id"
                + " where t.started_at is not null and coalesce(t.ended_at, ?) > ? and n.slug in (" + in + ")"
                + " group by n.slug";
        java.sql.Timestamp at = new java.sql.Timestamp(now);
        // trials that ended more than ten half-lives ago weigh less than 0.1 %
        java.sql.Timestamp horizon = new java.sql.Timestamp(now - 10 * usageHalfLife.toMillis());
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setDouble(i++, Math.max(1, totalGpus));
            s.setDouble(i++, totalSlots);
            s.setDouble(i++, lambda);
            s.setTimestamp(i++, at);
            s.setTimestamp(i++, at);
            s.setDouble(i++, lambda);
            s.setTimestamp(i++, at);
            s.setTimestamp(i++, at);
            s.setTimestamp(i++, horizon);
            for (String slug : slugs) {
                s.setString(i++, slug);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), Math.max(0, r.getDouble(2)));
                }
            }
        }
        return out;
    }

    private static List<Tenant> tenants(Connection c, Set<String> slugs) throws SQLException {
        if (slugs.isEmpty()) {
            return List.of();
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Map<String, Quota>> quotas = new HashMap<>();
        String in = String.join(",", java.util.Collections.nCopies(slugs.size(), "?"));
        try (PreparedStatement s =
                c.prepareStatement("select n.slug, coalesce(q.weight, 1), p.pool, p.max_concurrent_gpus,"
                        + " p.max_concurrent_trials, p.nominal_gpus, p.nominal_trials from tenants n"
                        + " left join tenant_quotas q on q.tenant_id = n.id left join tenant_pool_quotas p on p.tenant_id = n.id"
                        + " where n.slug in (" + in + ") order by n.slug")) {
            int i = 1;
            for (String slug : slugs) {
                s.setString(i++, slug);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String slug = r.getString(1);
                    weights.put(slug, r.getDouble(2));
                    if (r.getString(3) != null) {
                        quotas.computeIfAbsent(slug, k -> new HashMap<>())
                                .put(
                                        r.getString(3),
                                        quota(
                                                (Integer) r.getObject(4),
                                                (Integer) r.getObject(5),
                                                (Integer) r.getObject(6),
                                                (Integer) r.getObject(7)));
                    }
                }
            }
        }
        List<Tenant> out = new ArrayList<>();
        weights.forEach((slug, weight) -> out.add(new Tenant(slug, weight, quotas.getOrDefault(slug, Map.of()), 0)));
        return out;
    }

    /** Nominal as guaranteed; borrowing up to the ceiling (unlimited where no ceiling is set). */
    static Quota quota(Integer maxGpus, Integer maxTrials, Integer nominalGpus, Integer nominalTrials) {
        int nomG = nominalGpus == null ? 0 : nominalGpus;
        int nomT = nominalTrials == null ? 0 : nominalTrials;
        Resources nominal = new Resources(nomG, "", 0, 0, nomT);
        Resources borrowing = new Resources(
                maxGpus == null ? Resources.UNLIMITED_COUNT : Math.max(0, maxGpus - nomG),
                "",
                Resources.UNLIMITED_AMOUNT,
                Resources.UNLIMITED_AMOUNT,
                maxTrials == null ? Resources.UNLIMITED_COUNT : Math.max(0, maxTrials - nomT));
        return new Quota(nominal, borrowing);
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.getTime();
    }
}
