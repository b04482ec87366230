package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GpuIndicesTest {
    private static String local(String gpuIndices) {
        return """
                searchSpace: {}
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner: {name: TestRandom}
                trainingService:
                  platform: local
                  gpuIndices: %s
                """.formatted(gpuIndices);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0, 2, 3]", "'0,2,3'", "\"0, 2 ,3\"", "0,2,3"})
    void acceptsListsAndCommaSeparatedText(String written) {
        ParsedConfig parsed = Fixtures.parse(local(written));
        assertThat(parsed.config().trainingService().gpuIndices()).containsExactly(0, 2, 3);
        assertThat(parsed.canonical().get("trainingService"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("gpuIndices", List.of(0, 2, 3));
    }

    @Test
    void acceptsASingleIndexAndAnEmptyList() {
        assertThat(Fixtures.parse(local("1")).config().trainingService().gpuIndices())
                .containsExactly(1);
        assertThat(Fixtures.parse(local("'1'")).config().trainingService().gpuIndices())
                .containsExactly(1);
        assertThat(Fixtures.parse(local("[]")).config().trainingService().gpuIndices())
                .isEmpty();
        assertThat(Fixtures.parse(local("null")).config().trainingService().gpuIndices())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1, 1]", "'0,1,1'", "[-1]", "-2", "'0,-1'", "'a,b'", "''", "'0,,1'", "[0.5]", "[true]", "{a: 1}", "1.0"
            })
    void rejectsDuplicatesNegativesAndNonIndicesOnTheField(String written) {
        assertThat(Fixtures.fields(local(written))).as(written).containsExactly("trainingService.gpuIndices");
    }

    @Test
    void checksRemoteMachineAndTunerGpuIndicesToo() {
        assertThat(Fixtures.fields("""
                        searchSpace: {}
                        trialCommand: python3 t.py
                        trialConcurrency: 1
                        tunerGpuIndices: '2,2'
                        tuner: {name: TestRandom}
                        trainingService:
                          platform: remote
                          machineList:
                            - {host: a, user: u, gpuIndices: '0,1'}
                            - {host: b, user: u, gpuIndices: [3, -3]}
                        """))
                .containsExactlyInAnyOrder("tunerGpuIndices", "trainingService.machineList[1].gpuIndices");
    }
}
