package dev.sibyl.server.metric;

import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.server.driver.DriverSupervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Group commit for reported metrics. Requests from any number of trials put their records on one queue; a
 * single writer thread takes whatever has arrived (up to {@code sibyl.channel.batch-max-records} records,
 * waiting at most {@code sibyl.channel.batch-linger} for more once the first is there), checks in one query
 * that every trial exists and its experiment still runs, stores all accepted records with {@link MetricStore}
 * in one transaction, and then completes each request's future. A thousand trials reporting at once cost a
 * handful of transactions, never one per data point.
 *
 * <p>Back-pressure: at most {@code sibyl.channel.queue-capacity} records wait; beyond that {@link #submit}
 * fails at once with {@link MetricQueueFullException} (the channel answers 503, the SDK retries). Shutdown:
 * new submissions are refused with {@link MetricBatcherClosedException}, everything already queued is still
 * written before the writer ends.
 *
 * <p>A batch whose transaction fails is retried one request at a time, so one bad request cannot fail the
 * others queued with it; a request that fails alone gets the failure.
 */
@ApplicationScoped
public class MetricBatcher {
    private static final Logger LOG = Logger.getLogger(MetricBatcher.class);

    /** What happened to one request's records. */
    public enum Outcome {
        /** Stored (or already stored: a re-delivered record is kept once). */
        STORED,
        /** No such trial in that experiment; nothing stored. */
        UNKNOWN_TRIAL,
        /** The experiment has ended; nothing stored. */
        EXPERIMENT_FINISHED
    }

    /**
     * Counters since start, for tests and monitoring.
     *
     * @param transactions committed transactions
     * @param requests requests answered STORED
     * @param records records handed to {@link MetricStore} (before de-duplication)
     */
    public record Stats(long transactions, long requests, long records) {}

    private record Submission(
            String experimentId, String trialId, List<ReportedMetric> metrics, CompletableFuture<Outcome> done) {}

    private record ExperimentRow(long tenantId, ExperimentStatus status) {}

    @Inject
    MetricStore store;

    @Inject
    DataSource dataSource;

    @Inject
    DriverSupervisor supervisor;

    @ConfigProperty(name = "sibyl.channel.batch-max-records", defaultValue = "500")
    int maxBatchRecords;

    @ConfigProperty(name = "sibyl.channel.batch-linger", defaultValue = "2ms")
    Duration linger;

    @ConfigProperty(name = "sibyl.channel.queue-capacity", defaultValue = "20000")
    int queueCapacity;

    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong storedRequests = new AtomicLong();
    private final AtomicLong storedRecords = new AtomicLong();
    private Semaphore room;
    private Thread writer;
    private boolean closed;

    void start(@Observes StartupEvent event) {
        startWriter();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread running;
        synchronized (this) {
            closed = true;
            running = writer;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Submission> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(s -> s.done().completeExceptionally(new MetricBatcherClosedException()));
    }

    /**
     * Queues one request's records of one trial. The stage completes once they are committed (or refused);
     * it fails with the storage error when they could not be written.
     *
     * @throws MetricQueueFullException when the queue is full: nothing was queued
     * @throws MetricBatcherClosedException when the server is shutting down: nothing was queued
     */
    public CompletionStage<Outcome> submit(String experimentId, String trialId, List<ReportedMetric> metrics) {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(trialId, "trialId");
        List<ReportedMetric> records = List.copyOf(metrics);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.STORED);
        }
        Submission submission = new Submission(experimentId, trialId, records, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new MetricBatcherClosedException();
            }
            startWriter();
            if (records.size() > queueCapacity || !room.tryAcquire(records.size())) {
                throw new MetricQueueFullException();
            }
            queue.add(submission);
        }
        return submission.done();
    }

    public Stats stats() {
        return new Stats(transactions.get(), storedRequests.get(), storedRecords.get());
    }

    private synchronized void startWriter() {
        if (writer != null || closed) {
            return;
        }
        room = new Semaphore(queueCapacity);
        writer = new Thread(this::run, "sibyl-metric-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private boolean closed() {
        synchronized (this) {
            return closed;
        }
    }

    private void run() {
        while (true) {
            Submission first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                // Once closed, nothing new is queued: an empty queue means everything is written.
                if (closed() && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            List<Submission> batch = collect(first);
            try {
                write(batch);
            } catch (RuntimeException e) {
                // write() completes every future itself; this is only a last guard for the thread.
                LOG.error("metric writer failed", e);
            }
        }
    }

    /** The first submission and whatever arrives within the linger time, up to the batch size. */
    private List<Submission> collect(Submission first) {
        List<Submission> batch = new ArrayList<>();
        batch.add(first);
        int records = first.metrics().size();
        long deadline = System.nanoTime() + linger.toNanos();
        while (records < maxBatchRecords) {
            Submission next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || closed()) {
                    break;
                }
                try {
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    break;
                }
            }
            batch.add(next);
            records += next.metrics().size();
        }
        return batch;
    }

    private void write(List<Submission> batch) {
        Map<Submission, Outcome> outcomes;
        try {
            outcomes = QuarkusTransaction.requiringNew().call(() -> storeAll(batch));
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                LOG.warnf(
                        "storing a batch of %d metric requests failed, retrying them one by one: %s",
                        batch.size(), e.getMessage());
                batch.forEach(s -> write(List.of(s)));
                return;
            }
            Submission alone = batch.get(0);
            LOG.warnf(e, "storing metrics of trial %s/%s failed", alone.experimentId(), alone.trialId());
            room.release(alone.metrics().size());
            alone.done().completeExceptionally(e);
            return;
        }
        transactions.incrementAndGet();
        Set<String> touched = new LinkedHashSet<>();
        for (Submission s : batch) {
            Outcome outcome = outcomes.get(s);
            if (outcome == Outcome.STORED) {
                storedRequests.incrementAndGet();
                storedRecords.addAndGet(s.metrics().size());
                touched.add(s.experimentId());
            }
            room.release(s.metrics().size());
            s.done().complete(outcome);
        }
        // The assessor judges new intermediate results at the driver's next step: let it come now.
        for (String experimentId : touched) {
            try {
                supervisor.wake(experimentId);
            } catch (RuntimeException e) {
                LOG.debugf(e, "could not wake the driver of %s", experimentId);
            }
        }
    }

    private Map<Submission, Outcome> storeAll(List<Submission> batch) throws SQLException {
        Set<String> experimentIds = new LinkedHashSet<>();
        Set<String> trialIds = new LinkedHashSet<>();
        for (Submission s : batch) {
            experimentIds.add(s.experimentId());
            trialIds.add(s.trialId());
        }
        Map<String, ExperimentRow> experiments = new HashMap<>();
        Set<String> knownTrials = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            Array experimentArray = c.createArrayOf("varchar", experimentIds.toArray());
            try (PreparedStatement find =
                    c.prepareStatement("select id, tenant_id, status from experiments where id = any(?)")) {
                find.setArray(1, experimentArray);
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        experiments.put(
                                rs.getString(1),
                                new ExperimentRow(rs.getLong(2), ExperimentStatus.valueOf(rs.getString(3))));
                    }
                }
            }
            try (PreparedStatement find = c.prepareStatement("select experiment_id, trial_id from trials"
                    + " where experiment_id = any(?) and trial_id = any(?)")) {
                find.setArray(1, experimentArray);
                find.setArray(2, c.createArrayOf("varchar", trialIds.toArray()));
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        knownTrials.add(rs.getString(1) + "/" + rs.getString(2));
                    }
                }
            }
        }
        Map<Submission, Outcome> outcomes = new HashMap<>();
        Map<String, List<ReportedMetric>> accepted = new LinkedHashMap<>();
        for (Submission s : batch) {
            ExperimentRow experiment = experiments.get(s.experimentId());
            if (experiment == null || !knownTrials.contains(s.experimentId() + "/" + s.trialId())) {
                outcomes.put(s, Outcome.UNKNOWN_TRIAL);
            } else if (!acceptsReports(experiment.status())) {
                outcomes.put(s, Outcome.EXPERIMENT_FINISHED);
            } else {
                outcomes.put(s, Outcome.STORED);
                accepted.computeIfAbsent(s.experimentId(), k -> new ArrayList<>())
                        .addAll(s.metrics());
            }
        }
        for (Map.Entry<String, List<ReportedMetric>> e : accepted.entrySet()) {
            store.insert(experiments.get(e.getKey()).tenantId(), e.getKey(), e.getValue());
        }
        return outcomes;
    }

    /**
     * Whether trials of an experiment in this status may still report. Stopped, done and viewed experiments
     * have ended: no trial of theirs runs any more. An experiment in ERROR still reconciles the trials it had in
     * flight (their results are worth having), so they may report.
     */
    public static boolean acceptsReports(ExperimentStatus status) {
        return status != ExperimentStatus.STOPPED
                && status != ExperimentStatus.DONE
                && status != ExperimentStatus.VIEWED;
    }
}
