package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken config is rejected with exactly one violation, on exactly the field at fault. */
class MalformedConfigTest {
    private static final String SPACE = "searchSpace: {lr: {_type: uniform, _value: [0.1, 0.5]}}\n";
    private static final String COMMAND = "trialCommand: python3 train.py\n";
    private static final String CONCURRENCY = "trialConcurrency: 2\n";
    private static final String TUNER = "tuner: {name: TestRandom}\n";
    private static final String LOCAL = "trainingService: {platform: local}\n";
    private static final String VALID = SPACE + COMMAND + CONCURRENCY + TUNER + LOCAL;

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                arguments(
                        "zero concurrency",
                        SPACE + COMMAND + "trialConcurrency: 0\n" + TUNER + LOCAL,
                        "trialConcurrency"),
                arguments("missing concurrency", SPACE + COMMAND + TUNER + LOCAL, "trialConcurrency"),
                arguments(
                        "concurrency as text",
                        SPACE + COMMAND + "trialConcurrency: four\n" + TUNER + LOCAL,
                        "trialConcurrency"),
                arguments("missing trial command", SPACE + CONCURRENCY + TUNER + LOCAL, "trialCommand"),
                arguments("trial command twice", VALID + "trial_command: python3 other.py\n", "trialCommand"),
                arguments("missing training service", SPACE + COMMAND + CONCURRENCY + TUNER, "trainingService"),
                arguments(
                        "training service is text",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: local\n",
                        "trainingService"),
                arguments("missing tuner", SPACE + COMMAND + CONCURRENCY + LOCAL, "tuner"),
                arguments("typo in a top-level key", VALID + "maxTrialNumbr: 10\n", "maxTrialNumbr"),
                arguments("negative max trial number", VALID + "maxTrialNumber: -1\n", "maxTrialNumber"),
                arguments("duration without unit", VALID + "maxExperimentDuration: 2 hours\n", "maxExperimentDuration"),
                arguments("duration as a float", VALID + "maxTrialDuration: 1.5\n", "maxTrialDuration"),
                arguments("unknown log level", VALID + "logLevel: verbose\n", "logLevel"),
                arguments("annotation", VALID + "useAnnotation: true\n", "useAnnotation"),
                arguments("nas experiment type", VALID + "experimentType: nas\n", "experimentType"),
                arguments("negative trial gpus", VALID + "trialGpuNumber: -1\n", "trialGpuNumber"),
                arguments("search space and file", VALID + "searchSpaceFile: search_space.json\n", "searchSpaceFile"),
                arguments("no search space", COMMAND + CONCURRENCY + TUNER + LOCAL, "searchSpace"),
                arguments(
                        "search space file missing",
                        "searchSpaceFile: nowhere.json\n" + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpaceFile"),
                arguments(
                        "search space file unreadable",
                        "searchSpaceFile: broken_space.json\n" + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpaceFile"),
                arguments(
                        "search space file outside the code",
                        "searchSpaceFile: ../fixtures/../../etc.json\n" + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpaceFile"),
                arguments(
                        "search space is a list",
                        "searchSpace: [1, 2]\n" + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpace"),
                arguments(
                        "loguniform from zero",
                        "searchSpace: {lr: {_type: loguniform, _value: [0, 1]}}\n" + COMMAND + CONCURRENCY + TUNER
                                + LOCAL,
                        "searchSpace.lr._value"),
                arguments(
                        "unknown parameter type",
                        "searchSpace: {lr: {_type: gaussian, _value: [0, 1]}}\n" + COMMAND + CONCURRENCY + TUNER
                                + LOCAL,
                        "searchSpace.lr._type"),
                arguments(
                        "randint with a float bound",
                        "searchSpace: {n: {_type: randint, _value: [1, 2.5]}}\n" + COMMAND + CONCURRENCY + TUNER
                                + LOCAL,
                        "searchSpace.n._value"),
                arguments(
                        "parameter without _value",
                        "searchSpace: {n: {_type: choice}}\n" + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpace.n._value"),
                arguments(
                        "broken sub-parameter of a nested choice",
                        """
                        searchSpace:
                          layer:
                            _type: choice
                            _value:
                              - {_name: empty}
                              - {_name: conv, kernel: {_type: quniform, _value: [1, 7]}}
                        """ + COMMAND + CONCURRENCY + TUNER + LOCAL,
                        "searchSpace.layer._value[1].kernel._value"),
                arguments(
                        "unknown tuner",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: Oracle}\n" + LOCAL,
                        "tuner.name"),
                arguments(
                        "bad optimize_mode",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestRandom, classArgs: {optimize_mode: best}}\n"
                                + LOCAL,
                        "tuner.classArgs.optimize_mode"),
                arguments(
                        "unknown class argument",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestRandom, classArgs: {gamma: 0.3}}\n" + LOCAL,
                        "tuner.classArgs.gamma"),
                arguments(
                        "class argument of the wrong type",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestRandom, classArgs: {seed: lucky}}\n" + LOCAL,
                        "tuner.classArgs.seed"),
                arguments(
                        "classArgs not a mapping",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestRandom, classArgs: [1]}\n" + LOCAL,
                        "tuner.classArgs"),
                arguments(
                        "space unsupported by the tuner",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestGrid}\n" + LOCAL,
                        "searchSpace.lr._type"),
                arguments(
                        "built-in with a code directory",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {name: TestRandom, codeDirectory: ./tuners}\n" + LOCAL,
                        "tuner.codeDirectory"),
                arguments(
                        "custom without a code directory",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {className: my.Tuner}\n" + LOCAL,
                        "tuner.codeDirectory"),
                arguments(
                        "algorithm without a name",
                        SPACE + COMMAND + CONCURRENCY + "tuner: {classArgs: {seed: 1}}\n" + LOCAL,
                        "tuner.name"),
                arguments("advisor and tuner", VALID + "advisor: {name: TestRandom}\n", "advisor"),
                arguments(
                        "unknown advisor",
                        SPACE + COMMAND + CONCURRENCY + "advisor: {name: Hyperband2}\n" + LOCAL,
                        "advisor.name"),
                arguments("unknown assessor", VALID + "assessor: {name: Curvefitting9}\n", "assessor.name"),
                arguments(
                        "bad assessor argument",
                        VALID + "assessor: {name: TestMedianstop, classArgs: {start_step: -1}}\n",
                        "assessor.classArgs.start_step"),
                arguments(
                        "unknown platform",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: {platform: kubernetes}\n",
                        "trainingService.platform"),
                arguments(
                        "platform missing",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: {useActiveGpu: true}\n",
                        "trainingService.platform"),
                arguments(
                        "unknown local field",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: {platform: local, gpu_indice: 1}\n",
                        "trainingService.gpu_indice"),
                arguments(
                        "repeated gpu index",
                        SPACE + COMMAND + CONCURRENCY + TUNER
                                + "trainingService: {platform: local, gpuIndices: '0,1,0'}\n",
                        "trainingService.gpuIndices"),
                arguments(
                        "negative gpu index",
                        SPACE + COMMAND + CONCURRENCY + TUNER
                                + "trainingService: {platform: local, gpuIndices: [-1]}\n",
                        "trainingService.gpuIndices"),
                arguments(
                        "gpus without useActiveGpu",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trialGpuNumber: 1\n" + LOCAL,
                        "trainingService.useActiveGpu"),
                arguments(
                        "several trials per gpu without gpus",
                        SPACE + COMMAND + CONCURRENCY + TUNER
                                + "trainingService: {platform: local, maxTrialNumberPerGpu: 2}\n",
                        "trainingService.maxTrialNumberPerGpu"),
                arguments(
                        "pool platform without a pool",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: {platform: pool}\n",
                        "trainingService.pool"),
                arguments(
                        "pool platform with a malformed pool name",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trainingService: {platform: pool, pool: ../East}\n",
                        "trainingService.pool"),
                arguments(
                        "remote port out of range",
                        SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: remote
                          machineList: [{host: 10.0.0.1, user: me, port: 70000}]
                        """,
                        "trainingService.machineList[0].port"),
                arguments(
                        "remote machine without user",
                        SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: remote
                          machineList: [{host: 10.0.0.1}]
                        """,
                        "trainingService.machineList[0].user"),
                arguments(
                        "remote machine with v1 passphrase key",
                        SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: remote
                          machineList: [{host: 10.0.0.1, user: me, passphrase: x}]
                        """,
                        "trainingService.machineList[0].passphrase"),
                arguments(
                        "remote password as a number",
                        SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: remote
                          machineList: [{host: 10.0.0.1, user: me, password: 12345}]
                        """,
                        "trainingService.machineList[0].password"),
                arguments(
                        "remote without machines",
                        SPACE + COMMAND + CONCURRENCY + TUNER
                                + "trainingService: {platform: remote, machineList: []}\n",
                        "trainingService.machineList"),
                arguments(
                        "openpai without the virtualCluster key",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trialGpuNumber: 1\n" + """
                        trainingService:
                          platform: openpai
                          host: pai.example.org
                          username: u
                          token: t
                          trialCpuNumber: 1
                          trialMemorySize: 1gb
                          storageConfigName: s
                          localStorageMountPoint: /mnt/a
                          containerStorageMountPoint: /mnt/b
                        """,
                        "trainingService.virtualCluster"),
                arguments("openpai without trial gpus", SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: openpai
                          host: pai.example.org
                          username: u
                          token: t
                          trialCpuNumber: 1
                          trialMemorySize: 1gb
                          storageConfigName: s
                          virtualCluster: default
                          localStorageMountPoint: /mnt/a
                          containerStorageMountPoint: /mnt/b
                        """, "trialGpuNumber"),
                arguments(
                        "openpai memory size without unit",
                        SPACE + COMMAND + CONCURRENCY + TUNER + "trialGpuNumber: 1\n" + """
                        trainingService:
                          platform: openpai
                          host: pai.example.org
                          username: u
                          token: t
                          trialCpuNumber: 1
                          trialMemorySize: 8 gigs
                          storageConfigName: s
                          virtualCluster: default
                          localStorageMountPoint: /mnt/a
                          containerStorageMountPoint: /mnt/b
                        """,
                        "trainingService.trialMemorySize"),
                arguments(
                        "kubeflow nfs storage without server",
                        SPACE + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: kubeflow
                          operator: tf-operator
                          apiVersion: v1
                          storage: {storageType: nfs, path: /exports}
                        """,
                        "trainingService.storage.server"),
                arguments(
                        "kubeflow with an unknown operator",
                        SPACE + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: kubeflow
                          operator: mpi-operator
                          apiVersion: v1
                          storage: {storageType: nfs, server: s, path: /exports}
                        """,
                        "trainingService.operator"),
                arguments(
                        "frameworkcontroller role without policy",
                        SPACE + CONCURRENCY + TUNER + """
                        trainingService:
                          platform: frameworkcontroller
                          serviceAccountName: null
                          storage: {storageType: nfs, server: s, path: /exports}
                          taskRoles:
                            - {name: w, taskNumber: 1, command: run, gpuNumber: 0, cpuNumber: 1, memorySize: 1gb}
                        """,
                        "trainingService.taskRoles[0].frameworkAttemptCompletionPolicy"),
                arguments(
                        "hybrid entry without platform",
                        SPACE + COMMAND + CONCURRENCY + TUNER + """
                        trainingService:
                          - platform: local
                          - machineList: [{host: h, user: u}]
                        """,
                        "trainingService[1].platform"),
                arguments("shared NFS storage without server", VALID + """
                        sharedStorage:
                          storageType: NFS
                          localMountPoint: /mnt/a
                          remoteMountPoint: /mnt/b
                          localMounted: usermount
                          exportedDirectory: /exports
                        """, "sharedStorage.nfsServer"),
                arguments("tuner gpu indices as words", VALID + "tunerGpuIndices: first\n", "tunerGpuIndices"),
                arguments("malformed YAML", "searchSpace: {}\ntrialCommand: [python3\ntrialConcurrency: 1\n", "config"),
                arguments("duplicate YAML key", VALID + "trialConcurrency: 3\n", "config"),
                arguments("top level is a list", "- trialCommand: python3 train.py\n", "config"),
                arguments("empty document", "# nothing here\n", "config"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("brokenConfigs")
    void reportsTheFieldAtFault(String description, String config, String field) {
        List<Violation> violations = Fixtures.violations(config);
        assertThat(violations)
                .extracting(Violation::field)
                .as(violations.toString())
                .containsExactly(field);
        assertThat(violations.get(0).message()).isNotBlank();
    }

    @Test
    void theValidBaseOfTheseCasesIsAccepted() {
        assertThat(Fixtures.parse(VALID).config().trialConcurrency()).isEqualTo(2);
    }

    @Test
    void listsEveryViolationAtOnce() {
        List<Violation> violations = Fixtures.violations("""
                searchSpace: {lr: {_type: uniform, _value: [1, 0]}}
                trialConcurrency: 0
                maxTrialDuration: soon
                tuner: {name: TestRandom, classArgs: {optimize_mode: sideways}}
                trainingService: {platform: local, gpuIndices: [0, 0], bogus: 1}
                """);
        assertThat(violations)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "searchSpace.lr._value",
                        "trialConcurrency",
                        "maxTrialDuration",
                        "trainingService.bogus",
                        "trainingService.gpuIndices",
                        "trialCommand");
    }

    @Test
    void explainsUnknownKeysWithTheClosestField() {
        Violation v = Fixtures.violations(VALID + "maxTrialNumbr: 10\n").get(0);
        assertThat(v.message()).contains("did you mean 'maxTrialNumber'");
    }

    @Test
    void reportsMalformedYamlWithLineAndColumn() {
        Violation v = Fixtures.violations("searchSpace: {}\ntrialCommand: [python3\ntrialConcurrency: 1\n")
                .get(0);
        assertThat(v.field()).isEqualTo("config");
        assertThat(v.message()).containsPattern("line \\d+, column \\d+");
    }

    @Test
    void listsTheKnownNamesForAnUnknownAlgorithm() {
        Violation v = Fixtures.violations(SPACE + COMMAND + CONCURRENCY + "tuner: {name: Oracle}\n" + LOCAL)
                .get(0);
        assertThat(v.message()).contains("Oracle").contains("TestGrid, TestRandom");
    }
}
