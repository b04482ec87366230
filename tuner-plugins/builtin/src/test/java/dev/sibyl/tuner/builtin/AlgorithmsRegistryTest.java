package dev.sibyl.tuner.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.builtin.batch.BatchFactory;
import dev.sibyl.tuner.builtin.gridsearch.GridSearchFactory;
import dev.sibyl.tuner.builtin.medianstop.MedianstopFactory;
import dev.sibyl.tuner.builtin.pbt.PbtFactory;
import dev.sibyl.tuner.builtin.random.RandomFactory;
import dev.sibyl.tuner.builtin.smac.SmacFactory;
import dev.sibyl.tuner.builtin.tpe.TpeFactory;
import dev.sibyl.tuner.spi.Algorithms;
import org.junit.jupiter.api.Test;

class AlgorithmsRegistryTest {
    private final Algorithms algorithms = Algorithms.builtin();

    @Test
    void findsEveryBuiltinTunerByNniNameOrAliasInAnyCase() {
        assertThat(algorithms.tuner("tpe")).get().isInstanceOf(TpeFactory.class);
        assertThat(algorithms.tuner("TPE")).get().isInstanceOf(TpeFactory.class);
        assertThat(algorithms.tuner("RANDOM")).get().isInstanceOf(RandomFactory.class);
        assertThat(algorithms.tuner("gridsearch")).get().isInstanceOf(GridSearchFactory.class);
        assertThat(algorithms.tuner("Batch")).get().isInstanceOf(BatchFactory.class);
        assertThat(algorithms.tuner("batchtuner")).get().isInstanceOf(BatchFactory.class);
        assertThat(algorithms.tuner("smac")).get().isInstanceOf(SmacFactory.class);
        assertThat(algorithms.tuner("pbt")).get().isInstanceOf(PbtFactory.class);
        assertThat(algorithms.tuner("PBTTuner")).get().isInstanceOf(PbtFactory.class);
        assertThat(algorithms.tuner("NoSuchTuner")).isEmpty();
    }

    @Test
    void findsMedianstopAssessorInAnyCase() {
        assertThat(algorithms.assessor("medianstop")).get().isInstanceOf(MedianstopFactory.class);
        assertThat(algorithms.assessor("MEDIANSTOP")).get().isInstanceOf(MedianstopFactory.class);
    }

    @Test
    void listsTheBuiltinNames() {
        // Every registration must be here: a factory missing from META-INF/services fails this test.
        assertThat(algorithms.tunerNames())
                .isSorted()
                .containsExactlyInAnyOrder(
                        "ASHA",
                        "Anneal",
                        "Auto",
                        "BOHB",
                        "BatchTuner",
                        "CMAES",
                        "DNGOTuner",
                        "Evolution",
                        "GPTuner",
                        "GridSearch",
                        "Hyperband",
                        "MetisTuner",
                        "PBTTuner",
                        "Random",
                        "RegularizedEvolutionTuner",
                        "SMAC",
                        "TPE");
        assertThat(algorithms.assessorNames())
                .containsExactly("Curvefitting", "Medianstop", "Outlook", "Patient", "Percentile", "Threshold");
    }
}
