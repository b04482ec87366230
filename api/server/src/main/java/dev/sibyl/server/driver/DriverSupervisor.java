package dev.sibyl.server.driver;

import dev.sibyl.config.TrainingServiceConfig;
import dev.sibyl.scheduler.experiment.ExperimentDriver;
import dev.sibyl.scheduler.experiment.ExperimentPlan;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.scheduler.experiment.TrialEnvironment;
import dev.sibyl.scheduler.experiment.TrialStatus;
import dev.sibyl.server.archive.CodeArchives;
import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.metric.MetricStore;
import dev.sibyl.server.plugin.TenantAlgorithms;
import dev.sibyl.server.pool.PoolScheduler;
import dev.sibyl.server.pool.PoolService;
import dev.sibyl.server.pool.PoolTrainers;
import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.secret.SecretBox;
import dev.sibyl.trainers.core.RoutedTrainingService;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.space.SearchSpace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one {@link ExperimentDriver} per active experiment, stepped every {@code sibyl.driver.interval} on a
 * small dedicated executor. A failing step is logged and simply runs again at the next tick; nothing a step
 * throws ends the loop.
 *
 * <p>Crash recovery: at startup every experiment in an active status (RUNNING, NO_MORE_TRIAL,
 * TUNER_NO_MORE_TRIAL, STOPPING), and every experiment in ERROR that still has trials in flight, gets a fresh
 * driver: its tuner is rebuilt from the stored config (it learns the history again from the store) and the
 * local training service re-attaches to the trial processes still running under {@code
 * ${sibyl.home}/experiments/<id>/}. A clean shutdown closes the drivers and leaves trials running.
 *
 * <p>For the REST layer: {@link #store} (the experiment's {@link PostgresExperimentStore}, for customized
 * trials, cancels and imports), {@link #wake} (step soon, after a change), {@link #start}, {@link #stop} and
 * {@link #restart} (after a search-space change).
 */
@ApplicationScoped
@Startup
public class DriverSupervisor {
    private static final Logger LOG = Logger.getLogger(DriverSupervisor.class);
    private static final List<String> RESUMED_STATUSES = List.of(
            ExperimentStatus.RUNNING.name(),
            ExperimentStatus.NO_MORE_TRIAL.name(),
            ExperimentStatus.TUNER_NO_MORE_TRIAL.name(),
            ExperimentStatus.STOPPING.name());

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager entities;

    @Inject
    MetricStore metrics;

    @Inject
    InstantSource clock;

    @Inject
    TrialEnvironment trialEnvironment;

    @Inject
    CodeArchives archives;

    @Inject
    TenantAlgorithms algorithms;

    /** The pool scheduler's admission of waiting trials. */
    @Inject
    PoolScheduler admission;

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.driver.interval", defaultValue = "250ms")
    Duration interval;

    @ConfigProperty(name = "sibyl.driver.threads", defaultValue = "2")
    int threads;

    @Inject
    PoolTrainers poolTrainers;

    @Inject
    PoolService pools;

    @Inject
    SecretBox secrets;

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, PostgresExperimentStore> stores = new ConcurrentHashMap<>();
    private final SecureRandom seeds = new SecureRandom();
    /** Guards starting and retiring drivers, so a driver retiring never races a resume of its experiment. */
    private final Object lifecycle = new Object();

    private volatile ScheduledExecutorService executor;
    private volatile boolean shuttingDown;

    /** A driver being stepped, with what it must close. */
    private static final class Running {
        final String experimentId;
        final ExperimentDriver driver;
        final TrainingService trainer;
        final Tuner tuner;
        final Assessor assessor;
        final AtomicBoolean wakeQueued = new AtomicBoolean();
        final AtomicInteger failures = new AtomicInteger();
        volatile ScheduledFuture<?> ticks;
        volatile boolean closed;

        Running(String experimentId, ExperimentDriver driver, TrainingService trainer, Tuner tuner, Assessor assessor) {
            this.experimentId = experimentId;
            this.driver = driver;
            this.trainer = trainer;
            this.tuner = tuner;
            this.assessor = assessor;
        }
    }

    void onStart(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(Math.max(1, threads), r -> {
            Thread thread = new Thread(r, "sibyl-driver-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        resumeActive();
    }

    /**
     * Starts a driver for every experiment that needs one and has none: the active ones, and those in ERROR
     * with trials in flight. Runs at startup (crash recovery); an experiment that cannot be resumed is put in
     * ERROR with the reason.
     *
     * @return the experiments now driven
     */
    public List<String> resumeActive() {
        List<String> resumed = new java.util.ArrayList<>();
        for (String experimentId : experimentsToResume()) {
            if (running.containsKey(experimentId)) {
                continue;
            }
            try {
                start(experimentId);
                resumed.add(experimentId);
                LOG.infof("experiment %s resumed", experimentId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "experiment %s could not be resumed", experimentId);
                markError(experimentId, "could not be resumed after a server restart: " + describe(e));
            }
        }
        return resumed;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
        ScheduledExecutorService ex = executor;
        synchronized (lifecycle) {
            for (Running r : List.copyOf(running.values())) {
                close(r);
            }
            running.clear();
        }
        if (ex != null) {
            ex.shutdown();
            try {
                if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.shutdownNow();
            }
        }
    }

    // ---- what the REST layer uses ----

    /**
     * The store of an experiment (one instance per experiment, shared with its driver): {@code createTrial}
     * for customized trials, {@code requestCancel} for kills, {@code importResults} for import-data. Call
     * {@link #wake} afterwards so the driver acts soon.
     *
     * @throws IllegalArgumentException when there is no such experiment
     */
    public PostgresExperimentStore store(String experimentId) {
        PostgresExperimentStore store = stores.get(experimentId);
        if (store != null) {
            return store;
        }
        long tenantId = QuarkusTransaction.joiningExisting()
                .call(() -> Optional.ofNullable(ExperimentEntity.<ExperimentEntity>findById(experimentId))
                        .map(e -> e.tenantId)
                        .orElseThrow(() -> new IllegalArgumentException("no experiment " + experimentId)));
        return stores.computeIfAbsent(
                experimentId,
                id -> new PostgresExperimentStore(
                        id, tenantId, dataSource, entities, metrics, clock, new SplittableRandom(seeds.nextLong())));
    }

    /** Has the experiment's driver step soon (after a customized trial, a kill, new metrics, new limits). */
    public void wake(String experimentId) {
        Running r = running.get(experimentId);
        ScheduledExecutorService ex = executor;
        if (r == null || ex == null || r.closed || !r.wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            ex.execute(() -> {
                r.wakeQueued.set(false);
                step(r);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.wakeQueued.set(false);
        }
    }

    /** Starts driving an experiment (after create or resume); does nothing when it is driven already. */
    public void start(String experimentId) {
        synchronized (lifecycle) {
            if (shuttingDown || running.containsKey(experimentId)) {
                return;
            }
            Running r = build(experimentId);
            running.put(experimentId, r);
            r.ticks = executor.scheduleWithFixedDelay(
                    () -> step(r), 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops an experiment now: its driver cancels every waiting and running trial (they end USER_CANCELED)
     * and sets STOPPED; then the driver is closed. Returns once the status is stored.
     */
    public void stop(String experimentId) {
        Running r;
        boolean temporary = false;
        synchronized (lifecycle) {
            r = running.get(experimentId);
            if (r == null) {
                try {
                    r = build(experimentId);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "experiment %s: no driver can be built (%s); stopping it without one",
                            experimentId, describe(e));
                    stopWithoutDriver(experimentId);
                    return;
                }
                temporary = true;
            }
        }
        try {
            r.driver.stop();
        } finally {
            synchronized (lifecycle) {
                if (temporary) {
                    close(r);
                } else {
                    retire(r);
                }
            }
        }
    }

    /**
     * The stop of an experiment whose tuner cannot be rebuilt: its trials are cancelled on the training
     * service when one can be built, recorded as ended, and the experiment is STOPPED (ERROR stays ERROR).
     */
    private void stopWithoutDriver(String experimentId) {
        PostgresExperimentStore store = store(experimentId);
        ExperimentEntity e = QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(experimentId));
        TrainingService trainer = null;
        try {
            trainer = trainer(e);
        } catch (RuntimeException failure) {
            LOG.warnf("experiment %s: no training service to cancel its trials: %s", experimentId, describe(failure));
        }
        try {
            java.time.Instant now = clock.instant();
            for (var trial : store.load().trials()) {
                if (!trial.active()) {
                    continue;
                }
                String message = null;
                if (trainer != null) {
                    try {
                        trainer.cancel(trial.trialId());
                    } catch (RuntimeException failure) {
                        message = "the training service could not confirm the cancellation";
                    }
                }
                TrialStatus endAs = trial.cancelAs() != null ? trial.cancelAs() : TrialStatus.USER_CANCELED;
                store.markFinished(trial.trialId(), endAs, now, message);
            }
            if (!ExperimentStatus.ERROR.name().equals(e.status)) {
                store.setStatus(ExperimentStatus.STOPPED, null);
            }
        } finally {
            if (trainer != null) {
                trainer.close();
            }
        }
    }

    /**
     * Replaces the experiment's driver with a fresh one (new tuner over the stored search space); trials in
     * flight are re-attached by the new driver.
     */
    public void restart(String experimentId) {
        synchronized (lifecycle) {
            Running old = running.remove(experimentId);
            if (old != null) {
                close(old);
            }
        }
        start(experimentId);
    }

    /** Whether a driver currently steps the experiment. */
    public boolean isDriven(String experimentId) {
        return running.containsKey(experimentId);
    }

    // ---- stepping ----

    private void step(Running r) {
        try {
            // The driver's own monitor: close() takes it too, so no step of a closed driver starts or runs on.
            synchronized (r.driver) {
                if (r.closed) {
                    return;
                }
                r.driver.step();
            }
            if (r.failures.getAndSet(0) > 0) {
                LOG.infof("experiment %s: the driver steps normally again", r.experimentId);
            }
        } catch (Throwable t) {
            int failures = r.failures.incrementAndGet();
            if (failures == 1 || failures % 100 == 0) {
                LOG.errorf(t, "experiment %s: driver step failed (%d in a row); retrying", r.experimentId, failures);
            } else {
                LOG.debugf("experiment %s: driver step failed again: %s", r.experimentId, t.getMessage());
            }
            return;
        }
        try {
            if (!needsDriver(r.experimentId)) {
                synchronized (lifecycle) {
                    if (!needsDriver(r.experimentId)) {
                        retire(r);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("experiment %s: status check failed: %s", r.experimentId, e.getMessage());
        }
    }

    private void retire(Running r) {
        if (running.remove(r.experimentId, r)) {
            LOG.debugf("experiment %s: no longer active; driver closed", r.experimentId);
        }
        close(r);
        // Its cached trial data is rebuilt from the database by whoever needs the store next.
        stores.remove(r.experimentId);
    }

    /** Closes a driver once any step it is running has ended; its trials keep running. */
    private void close(Running r) {
        ScheduledFuture<?> ticks = r.ticks;
        if (ticks != null) {
            ticks.cancel(false);
        }
        synchronized (r.driver) {
            r.closed = true;
        }
        try {
            r.trainer.close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "experiment %s: closing its training service failed", r.experimentId);
        }
        closeAlgorithm(r.experimentId, r.tuner);
        closeAlgorithm(r.experimentId, r.assessor);
    }

    /** A tuner or assessor in a plugin host gives the host back to the pool. */
    private static void closeAlgorithm(String experimentId, Object algorithm) {
        if (algorithm instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf(e, "experiment %s: closing its %s failed", experimentId, algorithm);
            }
        }
    }

    /** Active, or ERROR with trials still in flight (they are reconciled until they end). */
    private boolean needsDriver(String experimentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("select e.status, exists (select 1 from trials t"
                            + " where t.experiment_id = e.id and t.status in ('WAITING', 'RUNNING'))"
                            + " from experiments e where e.id = ?")) {
                s.setString(1, experimentId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                    ExperimentStatus status = ExperimentStatus.valueOf(r.getString(1));
                    return status.active() || (status == ExperimentStatus.ERROR && r.getBoolean(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading the status of " + experimentId + " failed", e);
            }
        });
    }

    private List<String> experimentsToResume() {
        return QuarkusTransaction.requiringNew()
                .call(() -> entities.createQuery(
                                "select e.id from ExperimentEntity e where e.status in :active"
                                        + " or (e.status = 'ERROR' and exists (select 1 from TrialEntity t"
                                        + " where t.experimentId = e.id and t.status in ('WAITING', 'RUNNING')))"
                                        + " order by e.createdAt",
                                String.class)
                        .setParameter("active", RESUMED_STATUSES)
                        .getResultList());
    }

    // ---- building a driver ----

    private Running build(String experimentId) {
        ExperimentEntity e = QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(ExperimentEntity.<ExperimentEntity>findById(experimentId))
                        .orElseThrow(() -> new IllegalArgumentException("no experiment " + experimentId)));
        SearchSpace space = SearchSpace.parse(e.searchSpace, "searchSpace");
        Algorithms tenantAlgorithms = algorithms.of(e.tenantId);
        Tuner tuner = tuner(tenantAlgorithms, e, space);
        Assessor assessor;
        try {
            assessor = assessor(tenantAlgorithms, e);
        } catch (RuntimeException failure) {
            closeAlgorithm(e.id, tuner);
            throw failure;
        }
        Path codeDirectory =
                e.codeArtifactId != null ? archives.directory(e.codeArtifactId) : archives.emptyDirectory(e.id);
        ExperimentPlan plan = new ExperimentPlan(e.id, e.trialCommand, codeDirectory, e.trialGpuNumber);
        TrainingService trainer;
        try {
            trainer = trainer(e);
        } catch (RuntimeException failure) {
            closeAlgorithm(e.id, tuner);
            closeAlgorithm(e.id, assessor);
            throw failure;
        }
        try {
            ExperimentDriver driver = new ExperimentDriver(
                    plan, tuner, assessor, store(e.id), trainer, trialEnvironment, clock, admission);
            return new Running(e.id, driver, trainer, tuner, assessor);
        } catch (RuntimeException failure) {
            trainer.close();
            closeAlgorithm(e.id, tuner);
            closeAlgorithm(e.id, assessor);
            throw failure;
        }
    }

    private static Tuner tuner(Algorithms algorithms, ExperimentEntity e, SearchSpace space) {
        Map<String, Object> section = section(e.config, "tuner");
        String name = String.valueOf(section.get("name"));
        TunerFactory factory = algorithms
                .tuner(name)
                .orElseThrow(() -> new IllegalStateException("tuner '" + name + "' is not available on this server"));
        Map<String, Object> args = TunerArgs.of(name, classArgs(section), e.maxTrialNumber);
        return factory.create(new Settings(args, "tuner.classArgs"), space, e.tunerSeed, Objectives.of(e.config));
    }

    private static Assessor assessor(Algorithms algorithms, ExperimentEntity e) {
        Object raw = e.config.get("assessor");
        if (raw == null) {
            return null;
        }
        Map<String, Object> section = section(e.config, "assessor");
        String name = String.valueOf(section.get("name"));
        AssessorFactory factory = algorithms
                .assessor(name)
                .orElseThrow(
                        () -> new IllegalStateException("assessor '" + name + "' is not available on this server"));
        return factory.create(new Settings(classArgs(section), "assessor.classArgs"));
    }

    /** The experiment's trainer: one pool's, or a router across the pools of NNI's hybrid list. */
    @SuppressWarnings("unchecked")
    private TrainingService trainer(ExperimentEntity e) {
        Object services = ConfigSecrets.open(e.config, secrets).get("trainingService");
        if (!(services instanceof List<?> entries)) {
            return poolTrainers
                    .open(e.id, service(section(Map.of("trainingService", services), "trainingService")), -1)
                    .service();
        }
        Map<String, TrainingService> byPool = new LinkedHashMap<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                PoolTrainers.Opened opened = poolTrainers.open(e.id, service((Map<String, Object>) entries.get(i)), i);
                byPool.put(opened.pool(), opened.service());
            }
        } catch (RuntimeException failure) {
            byPool.values().forEach(TrainingService::close);
            throw failure;
        }
        return new RoutedTrainingService(byPool, trialId -> Optional.ofNullable(admission.poolOf(e.id, trialId)));
    }

    private static TrainingServiceConfig service(Map<String, Object> section) {
        return new TrainingServiceConfig(String.valueOf(section.get("platform")), section);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String key) {
        Object value = config.get(key);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("the stored config has no '" + key + "' section");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> classArgs(Map<String, Object> section) {
        Object args = section.get("classArgs");
        return args instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private void markError(String experimentId, String message) {
        try {
            store(experimentId).setStatus(ExperimentStatus.ERROR, message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "experiment %s: could not record its error", experimentId);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
