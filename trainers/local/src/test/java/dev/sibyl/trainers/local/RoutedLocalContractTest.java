package dev.sibyl.trainers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.RoutedTrainingService;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrainingService;
import dev.sibyl.trainers.core.TrialPhase;
import dev.sibyl.trainers.core.contract.TrainingServiceContract;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * One experiment across two pools (NNI's hybrid), each a local trainer over its own directory: trials are routed
 * by their placement (here: by the parity of the trial id's hash), and the routed service passes the contract.
 */
class RoutedLocalContractTest extends TrainingServiceContract {
    private static final LocalPoolSettings SETTINGS = new LocalPoolSettings(null, 1, false, Duration.ofSeconds(2));
    private final Map<String, String> placements = new ConcurrentHashMap<>();

    @Override
    protected TrainingService open(String experimentId) {
        return new RoutedTrainingService(
                Map.of(
                        "east", local("east", experimentId),
                        "west", local("west", experimentId)),
                this::placement);
    }

    private Optional<String> placement(String trialId) {
        if (trialId.equals("Nope0")) {
            return Optional.empty(); // never placed
        }
        return Optional.of(placements.computeIfAbsent(trialId, id -> (id.hashCode() & 1) == 0 ? "east" : "west"));
    }

    private LocalTrainingService local(String pool, String experimentId) {
        return new LocalTrainingService(contractTemp.resolve(pool).resolve(experimentId), SETTINGS);
    }

    @Override
    protected String trialPlatform(TrainingService service) {
        return "local"; // each trial sees the platform of the pool it runs in, as in NNI's hybrid mode
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.LOGS, Capability.FILE_METRICS, Capability.REATTACH);
    }

    @Test
    void trialsRunInThePoolTheyWerePlacedIn() {
        TrainingService service = service();
        placements.put("East1", "east");
        placements.put("West1", "west");
        submit(service, launch("East1", "exit 0"));
        submit(service, launch("West1", "exit 0"));
        awaitPhase(service, "East1", TrialPhase.SUCCEEDED);
        awaitPhase(service, "West1", TrialPhase.SUCCEEDED);

        assertThat(Files.isDirectory(
                        contractTemp.resolve("east").resolve(experimentId()).resolve("trials/East1")))
                .isTrue();
        assertThat(Files.exists(
                        contractTemp.resolve("west").resolve(experimentId()).resolve("trials/East1")))
                .isFalse();
        assertThat(Files.isDirectory(
                        contractTemp.resolve("west").resolve(experimentId()).resolve("trials/West1")))
                .isTrue();
    }

    @Test
    void aTrialPlacedInAPoolOutsideTheExperimentIsRejected() {
        TrainingService service = service();
        placements.put("Else1", "north");

        assertThatThrownBy(() -> service.submit(launch("Else1", "exit 0")))
                .isInstanceOf(TrainerException.class)
                .hasMessageContaining("north");
    }
}
