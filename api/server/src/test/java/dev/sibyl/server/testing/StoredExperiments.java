package dev.sibyl.server.testing;

import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.tenant.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes experiment rows straight into the database, for tests of what reads them (store, supervisor). */
public final class StoredExperiments {
    private StoredExperiments() {}

    /**
     * A stored experiment of the default tenant with a Random tuner over {@code x ~ uniform(0, 1)}, run by
     * the local platform with {@code trialCommand}; nothing drives it until a test starts it.
     */
    public static String insert(String status, String trialCommand, int concurrency, Integer maxTrialNumber) {
        return insert(status, trialCommand, concurrency, maxTrialNumber, "Random");
    }

    /** As {@link #insert(String, String, int, Integer)} with the named tuner. */
    public static String insert(
            String status, String trialCommand, int concurrency, Integer maxTrialNumber, String tuner) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Map<String, Object> space = Map.of("x", Map.of("_type", "uniform", "_value", List.of(0, 1)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("searchSpace", space);
        config.put("trialCommand", trialCommand);
        config.put("trialConcurrency", concurrency);
        config.put("tuner", Map.of("name", tuner));
        config.put("trainingService", Map.of("platform", "local", "trialCommand", trialCommand));
        QuarkusTransaction.requiringNew().run(() -> {
            ExperimentEntity e = new ExperimentEntity();
            e.id = id;
            e.tenantId = Tenant.findBySlug(Tenant.DEFAULT_SLUG).orElseThrow().id;
            e.name = "stored";
            e.status = status;
            e.config = config;
            e.searchSpace = space;
            e.trialCommand = trialCommand;
            e.trialConcurrency = concurrency;
            e.maxTrialNumber = maxTrialNumber;
            e.tunerSeed = 7;
            e.createdAt = Instant.now();
            e.startedAt = e.createdAt;
            e.persist();
        });
        return id;
    }
}
