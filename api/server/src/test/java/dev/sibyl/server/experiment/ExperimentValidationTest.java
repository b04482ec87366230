package dev.sibyl.server.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TestArchives;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed experiment submission is answered 400 problem+json naming the field at fault. */
@QuarkusTest
class ExperimentValidationTest {
    private static final String VALID = """
            experimentName: validation
            searchSpace:
              x: {_type: uniform, _value: [0, 1]}
            trialCommand: python3 trial.py
            trialConcurrency: 1
            maxTrialNumber: 1
            tuner:
              name: Random
            trainingService:
              platform: local
            """;

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("malformed YAML", "trialConcurrency: [1\nfoo", null, null, "config"),
                Arguments.of("a config that is a list", "- 1\n- 2\n", null, null, "config"),
                Arguments.of("an unknown key", VALID + "fooBar: 1\n", null, null, "fooBar"),
                Arguments.of(
                        "missing trialConcurrency", without(VALID, "trialConcurrency"), null, null, "trialConcurrency"),
                Arguments.of(
                        "zero trialConcurrency",
                        replace(VALID, "trialConcurrency", "0"),
                        null,
                        null,
                        "trialConcurrency"),
                Arguments.of(
                        "a text trialConcurrency",
                        replace(VALID, "trialConcurrency", "four"),
                        null,
                        null,
                        "trialConcurrency"),
                Arguments.of(
                        "a negative maxTrialNumber",
                        replace(VALID, "maxTrialNumber", "-1"),
                        null,
                        null,
                        "maxTrialNumber"),
                Arguments.of(
                        "a bad duration", VALID + "maxExperimentDuration: 1x\n", null, null, "maxExperimentDuration"),
                Arguments.of("a bad trial duration", VALID + "maxTrialDuration: -5\n", null, null, "maxTrialDuration"),
                Arguments.of(
                        "an unknown search space type",
                        VALID.replace("uniform", "uniformish"),
                        null,
                        null,
                        "searchSpace.x._type"),
                Arguments.of(
                        "search space bounds in the wrong order",
                        VALID.replace("[0, 1]", "[5, 1]"),
                        null,
                        null,
                        "searchSpace.x._value"),
                Arguments.of(
                        "a searchSpaceFile missing from the archive",
                        VALID.replace(
                                "searchSpace:\n  x: {_type: uniform, _value: [0, 1]}\n",
                                "searchSpaceFile: space.json\n"),
                        TestArchives.tarGz(Map.of("trial.py", new byte[] {'#'})),
                        null,
                        "searchSpaceFile"),
                Arguments.of(
                        "a searchSpaceFile leaving the archive",
                        VALID.replace(
                                "searchSpace:\n  x: {_type: uniform, _value: [0, 1]}\n",
                                "searchSpaceFile: ../../etc/passwd\n"),
                        TestArchives.tarGz(Map.of("trial.py", new byte[] {'#'})),
                        null,
                        "searchSpaceFile"),
                Arguments.of(
                        "a searchSpace part that is not JSON",
                        VALID.replace(
                                "searchSpace:\n  x: {_type: uniform, _value: [0, 1]}\n",
                                "searchSpaceFile: space.json\n"),
                        null,
                        "{\"x\": ",
                        "searchSpace"),
                Arguments.of(
                        "both searchSpace and searchSpaceFile",
                        VALID + "searchSpaceFile: s.json\n",
                        null,
                        null,
                        "searchSpaceFile"),
                Arguments.of(
                        "an unknown tuner", VALID.replace("name: Random", "name: Oracle"), null, null, "tuner.name"),
                Arguments.of(
                        "a bad optimize_mode",
                        VALID.replace("name: Random", "name: TPE\n  classArgs:\n    optimize_mode: sideways"),
                        null,
                        null,
                        "tuner.classArgs.optimize_mode"),
                Arguments.of(
                        "an unknown classArg",
                        VALID.replace("name: Random", "name: Random\n  classArgs:\n    bogus: 1"),
                        null,
                        null,
                        "tuner.classArgs.bogus"),
                Arguments.of(
                        "an unknown assessor", VALID + "assessor:\n  name: Crystalball\n", null, null, "assessor.name"),
                Arguments.of(
                        "a platform this server does not run (NNI's aml)",
                        VALID.replace(
                                "platform: local",
                                "platform: aml\n  subscriptionId: s\n  resourceGroup: g\n  workspaceName: w\n"
                                        + "  computeTarget: c"),
                        null,
                        null,
                        "trainingService.platform"),
                Arguments.of(
                        "a remote machine with only a key file on the server",
                        VALID.replace(
                                "platform: local",
                                "platform: remote\n  machineList:\n    - host: 10.0.0.1\n      user: bob\n"
                                        + "      sshKeyFile: /root/.ssh/id_rsa"),
                        null,
                        null,
                        "trainingService.machineList[0].sshKeyFile"),
                Arguments.of(
                        "negative gpuIndices",
                        VALID.replace("platform: local", "platform: local\n  gpuIndices: [-1]"),
                        null,
                        null,
                        "trainingService.gpuIndices"),
                Arguments.of("no trialCommand", without(VALID, "trialCommand"), null, null, "trialCommand"),
                Arguments.of("no config at all", null, null, null, "config"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedSubmissionIsAnswered400NamingTheField(
            String what, String config, byte[] code, String searchSpace, String field) {
        RequestSpecification request = Api.admin();
        if (config != null) {
            request = request.multiPart(
                    "config", "config.yml", config.getBytes(StandardCharsets.UTF_8), "application/yaml");
        } else {
            request = request.multiPart("other", "x");
        }
        if (code != null) {
            request = request.multiPart("code", "code.tar.gz", code, "application/gzip");
        }
        if (searchSpace != null) {
            request = request.multiPart("searchSpace", searchSpace);
        }
        ExtractableResponse<Response> response =
                request.when().post(Api.EXPERIMENTS).then().extract();
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> fields = response.jsonPath().getList("errors.field");
        assertThat(fields).as(what + ": " + response.asString()).contains(field);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(400);
        assertThat(response.jsonPath().getString("type")).startsWith("https://sibyl.dev/problems/");
        assertThat(response.jsonPath().getString("traceId")).matches("[0-9a-f]{32}");
        assertThat(response.jsonPath().getString("instance")).isEqualTo(Api.EXPERIMENTS);
        assertThat(response.asString()).doesNotContain("Exception", "at dev.sibyl", "at java.");
    }

    private static String without(String config, String key) {
        return Api.replaceKey(config, key, null);
    }

    private static String replace(String config, String key, String value) {
        return Api.replaceKey(config, key, value);
    }
}
