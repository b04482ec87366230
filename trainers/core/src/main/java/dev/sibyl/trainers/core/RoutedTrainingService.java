package dev.sibyl.trainers.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One experiment across several pools (NNI's hybrid {@code trainingService} list): each trial goes to the service
 * of the pool the scheduler placed it in, and every later call about it follows it there. Where a trial is comes
 * from {@code poolOfTrial} (the stored placement), so a new instance after a restart finds its trials again.
 */
public final class RoutedTrainingService implements TrainingService {
    private final Map<String, TrainingService> byPool;
    private final Function<String, Optional<String>> poolOfTrial;

    /**
     * @param byPool a service per pool name; closed with this one
     * @param poolOfTrial the pool a trial was placed in, by trial id; empty while it is not placed
     */
    public RoutedTrainingService(Map<String, TrainingService> byPool, Function<String, Optional<String>> poolOfTrial) {
        if (byPool.isEmpty()) {
            throw new IllegalArgumentException("a routed training service needs at least one pool");
        }
        this.byPool = new LinkedHashMap<>(byPool);
        this.poolOfTrial = poolOfTrial;
    }

    @Override
    public String platform() {
        return "hybrid";
    }

    /** The pools this service routes to, in the order given. */
    public List<String> pools() {
        return List.copyOf(byPool.keySet());
    }

    @Override
    public void submit(TrialLaunch launch) {
        String pool = poolOfTrial
                .apply(launch.trialId())
                .orElseThrow(() -> new TrainerException(
                        TrainerException.Kind.RETRIABLE, "trial " + launch.trialId() + " has no pool yet"));
        TrainingService service = byPool.get(pool);
        if (service == null) {
            throw new TrainerException(
                    TrainerException.Kind.REJECTED,
                    "trial " + launch.trialId() + " was placed in pool '" + pool + "', which is not one of "
                            + byPool.keySet());
        }
        service.submit(launch);
    }

    @Override
    public TrialState poll(String trialId) {
        return serviceOf(trialId).map(s -> s.poll(trialId)).orElseGet(TrialState::unknown);
    }

    @Override
    public void cancel(String trialId) {
        serviceOf(trialId).ifPresent(s -> s.cancel(trialId));
    }

    @Override
    public MetricBatch readMetrics(String trialId, long offset) {
        return serviceOf(trialId)
                .map(s -> s.readMetrics(trialId, offset))
                .orElseGet(() -> new MetricBatch(List.of(), offset));
    }

    @Override
    public Optional<InputStream> openLog(String trialId, LogName log) throws IOException {
        Optional<TrainingService> service = serviceOf(trialId);
        return service.isPresent() ? service.get().openLog(trialId, log) : Optional.empty();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TrainingService service : byPool.values()) {
            try {
                service.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private Optional<TrainingService> serviceOf(String trialId) {
        return poolOfTrial.apply(trialId).map(byPool::get);
    }
}
