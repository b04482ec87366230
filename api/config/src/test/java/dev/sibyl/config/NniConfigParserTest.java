package dev.sibyl.config;

import static dev.sibyl.config.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.NestedOption;
import dev.sibyl.tuner.spi.space.Numeric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class NniConfigParserTest {
    @Test
    void readsCamelCaseV2IntoTypedConfig() {
        ParsedConfig parsed = Fixtures.parseFile("v2-camel.yml");
        ExperimentConfig c = parsed.config();

        assertThat(parsed.convertedFromV1()).isFalse();
        assertThat(parsed.warnings()).isEmpty();
        assertThat(c.experimentName()).isEqualTo("cifar-resnet");
        assertThat(c.searchSpace().dimensions())
                .containsOnlyKeys("learning_rate", "batch_size", "hidden_units", "dropout", "optimizer");
        assertThat(c.trialCommand()).isEqualTo("python3 train.py --epochs 20");
        assertThat(c.trialCodeDirectory()).isEqualTo("src");
        assertThat(c.trialConcurrency()).isEqualTo(4);
        assertThat(c.trialGpuNumber()).isEqualTo(1);
        assertThat(c.maxExperimentDuration()).isEqualTo(Duration.ofHours(12));
        assertThat(c.maxTrialNumber()).isEqualTo(80);
        assertThat(c.maxTrialDuration()).isEqualTo(Duration.ofMinutes(45));
        assertThat(c.debug()).isTrue();
        assertThat(c.logLevel()).isEqualTo("debug");
        assertThat(c.tunerGpuIndices()).containsExactly(3);
        assertThat(c.tuner())
                .isEqualTo(new AlgorithmConfig("TestRandom", null, null, map("optimize_mode", "maximize", "seed", 7)));
        assertThat(c.tuner().builtin()).isTrue();
        assertThat(c.assessor().name()).isEqualTo("TestMedianstop");
        assertThat(c.assessor().settings().getInt("start_step", 0)).isEqualTo(5);
        assertThat(c.hybrid()).isFalse();
        assertThat(c.trainingServices()).containsExactly(c.trainingService());

        TrainingServiceConfig local = c.trainingService();
        assertThat(local.platform()).isEqualTo("local");
        assertThat(local.gpuIndices()).containsExactly(0, 1, 2);
        assertThat(local.maxTrialNumberPerGpu()).isEqualTo(2);
        assertThat(local.useActiveGpu()).isFalse();
        assertThat(local.trialGpuNumber()).isEqualTo(1);
        assertThat(local.trialCommand()).isEqualTo("python3 train.py --epochs 20");
        assertThat(local.reuseMode()).isFalse();
    }

    @Test
    void aConfigMayNameAPoolInsteadOfAnNniPlatform() {
        ParsedConfig parsed = Fixtures.parse("searchSpace: {lr: {_type: uniform, _value: [0.1, 0.5]}}\n"
                + "trialCommand: python3 train.py\ntrialGpuNumber: 2\ntrialConcurrency: 2\n"
                + "tuner: {name: TestRandom}\ntrainingService: {platform: pool, pool: a100-east}\n");

        TrainingServiceConfig service = parsed.config().trainingService();
        assertThat(service.platform()).isEqualTo("pool");
        assertThat(service.pool()).isEqualTo("a100-east");
        assertThat(service.trialGpuNumber()).isEqualTo(2);
        assertThat(service.trialCommand()).isEqualTo("python3 train.py");
    }

    @Test
    void buildsNniCanonicalJsonWithShortcutsCopiedDownAndTheSearchSpaceFileLoaded() {
        Map<String, Object> canonical = Fixtures.parseFile("v2-camel.yml").canonical();

        assertThat(canonical.keySet())
                .containsExactly(
                        "experimentName",
                        "experimentType",
                        "searchSpace",
                        "trialCommand",
                        "trialCodeDirectory",
                        "trialConcurrency",
                        "trialGpuNumber",
                        "maxExperimentDuration",
                        "maxTrialNumber",
                        "maxTrialDuration",
                        "useAnnotation",
                        "debug",
                        "logLevel",
                        "tunerGpuIndices",
                        "tuner",
                        "assessor",
                        "trainingService");
        assertThat(canonical).doesNotContainKey("searchSpaceFile");
        assertThat(canonical.get("searchSpace"))
                .isEqualTo(SearchSpaceSource.parseText(Fixtures.read("search_space.json")));
        assertThat(canonical)
                .containsEntry("experimentType", "hpo")
                .containsEntry("maxExperimentDuration", "12h")
                .containsEntry("maxTrialDuration", "45m")
                .containsEntry("useAnnotation", false)
                .containsEntry("logLevel", "debug")
                .containsEntry("tunerGpuIndices", List.of(3));
        assertThat(canonical.get("trainingService"))
                .isEqualTo(map(
                        "platform",
                        "local",
                        "trialCommand",
                        "python3 train.py --epochs 20",
                        "trialCodeDirectory",
                        "src",
                        "trialGpuNumber",
                        1,
                        "debug",
                        true,
                        "useActiveGpu",
                        false,
                        "maxTrialNumberPerGpu",
                        2,
                        "gpuIndices",
                        List.of(0, 1, 2),
                        "reuseMode",
                        false));
        assertThat(Section.asMap(canonical.get("trainingService")).keySet())
                .startsWith("platform", "trialCommand", "trialCodeDirectory", "trialGpuNumber", "debug");
    }

    @Test
    void readsTheSameConfigWrittenInSnakeCaseIdentically() {
        ParsedConfig camel = Fixtures.parseFile("v2-camel.yml");
        ParsedConfig snake = Fixtures.parseFile("v2-snake.yml");

        assertThat(snake.canonical()).isEqualTo(camel.canonical());
        assertThat(snake.config().tuner()).isEqualTo(camel.config().tuner());
        assertThat(snake.config().trainingService()).isEqualTo(camel.config().trainingService());
    }

    @Test
    void matchesKeysIgnoringCaseAndUnderscoresButNeverInsideSearchSpaceOrClassArgs() {
        ParsedConfig parsed = Fixtures.parse("""
                SEARCH_SPACE:
                  Learning_Rate: {_type: uniform, _value: [0.1, 0.2]}
                TRIALCOMMAND: python3 t.py
                Trial_Concurrency: 1
                _tuner_:
                  NAME: TestRandom
                  ClassArgs: {optimize_mode: maximize}
                TrainingService: {PLATFORM: local, Use_Active_GPU: true}
                """);

        assertThat(parsed.config().trialCommand()).isEqualTo("python3 t.py");
        assertThat(parsed.config().searchSpace().dimensions()).containsOnlyKeys("Learning_Rate");
        assertThat(parsed.canonical().get("searchSpace"))
                .isEqualTo(map("Learning_Rate", map("_type", "uniform", "_value", List.of(0.1, 0.2))));
        assertThat(parsed.config().tuner().classArgs()).containsOnlyKeys("optimize_mode");
        assertThat(parsed.config().trainingService().useActiveGpu()).isTrue();

        // classArgs keys are the algorithm's own: camelCase does not become optimize_mode
        assertThat(Fixtures.fields("""
                        searchSpace: {}
                        trialCommand: python3 t.py
                        trialConcurrency: 1
                        tuner: {name: TestRandom, classArgs: {optimizeMode: maximize}}
                        trainingService: {platform: local}
                        """)).containsExactly("tuner.classArgs.optimizeMode");
    }

    @Test
    void acceptsAnInlineSearchSpaceAndTheEmptySpace() {
        ParsedConfig inline = Fixtures.parse("""
                searchSpace:
                  lr: {_type: loguniform, _value: [0.0001, 0.1]}
                  layers: {_type: randint, _value: [1, 5]}
                trialCommand: python3 t.py
                trialConcurrency: 2
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """);
        assertThat(inline.config().searchSpace().dimensions()).containsOnlyKeys("lr", "layers");
        assertThat(inline.config().searchSpace().dimensions().get("lr")).isInstanceOf(Numeric.class);

        ParsedConfig empty = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """);
        assertThat(empty.config().searchSpace().isEmpty()).isTrue();
        assertThat(empty.canonical()).containsEntry("searchSpace", Map.of());
    }

    @Test
    void loadsSearchSpaceFilesWrittenAsYaml() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpaceFile: space.yaml
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """);
        assertThat(parsed.config().searchSpace().dimensions()).containsOnlyKeys("momentum");
        assertThat(parsed.config().searchSpaceJson())
                .isEqualTo(map("momentum", map("_type", "uniform", "_value", List.of(0.5, 0.99))));
    }

    @Test
    void readsANestedChoiceSearchSpace() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpaceFile: nested_space.json
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner: {name: TestRandom}
                trainingService: {platform: local}
                """);
        Choice block = (Choice) parsed.config().searchSpace().dimensions().get("block");
        assertThat(block.nested()).isTrue();
        assertThat(block.options())
                .extracting(o -> ((NestedOption) o).name())
                .containsExactly("identity", "conv", "pool");
        NestedOption conv = (NestedOption) block.option(1);
        assertThat(conv.subSpace().dimensions()).containsOnlyKeys("filters", "kernel");
    }

    @Test
    void readsTheTutorialStyleSnakeCaseConfigWithDefaults() {
        ParsedConfig parsed = Fixtures.parseFile("tutorial.yaml");
        ExperimentConfig c = parsed.config();

        assertThat(c.searchSpace().dimensions()).containsOnlyKeys("units", "learning_rate", "weight_decay");
        assertThat(c.trialCommand()).isEqualTo("python mnist_model.py");
        assertThat(c.trialConcurrency()).isEqualTo(2);
        assertThat(c.maxTrialNumber()).isEqualTo(12);
        assertThat(c.maxExperimentDuration()).isNull();
        assertThat(c.trialGpuNumber()).isNull();
        assertThat(c.assessor()).isNull();
        assertThat(c.logLevel()).isEqualTo("info");
        assertThat(c.trainingService().gpuIndices()).isNull();
        assertThat(c.trainingService().maxTrialNumberPerGpu()).isEqualTo(1);
        assertThat(c.trainingService().useActiveGpu()).isNull();
        assertThat(parsed.canonical().get("trainingService"))
                .isEqualTo(map(
                        "platform",
                        "local",
                        "trialCommand",
                        "python mnist_model.py",
                        "trialCodeDirectory",
                        ".",
                        "debug",
                        false,
                        "maxTrialNumberPerGpu",
                        1,
                        "reuseMode",
                        false));
    }

    @Test
    void acceptsJsonConfigs() {
        ParsedConfig parsed = Fixtures.parse("""
                {"searchSpace": {"x": {"_type": "choice", "_value": [1, 2]}},
                 "trialCommand": "python3 t.py", "trialConcurrency": 1,
                 "tuner": {"name": "TestGrid"}, "trainingService": {"platform": "local"}}
                """);
        assertThat(parsed.config().tuner().name()).isEqualTo("TestGrid");
    }

    @Test
    void movesTheDeprecatedAdvisorIntoTuner() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 t.py
                trialConcurrency: 1
                advisor: {name: randomfortests, classArgs: {seed: 3}}
                trainingService: {platform: local}
                """);
        assertThat(parsed.config().tuner().name()).isEqualTo("randomfortests");
        assertThat(parsed.canonical()).doesNotContainKey("advisor");
        assertThat(parsed.canonical().get("tuner"))
                .isEqualTo(map("name", "randomfortests", "classArgs", map("seed", 3)));
    }

    @Test
    void letsATrainingServiceOverrideTheTopLevelShortcutsAndTreatsNullAsUnset() {
        ParsedConfig parsed = Fixtures.parse("""
                experimentName: null
                searchSpace: {}
                trialCommand: python3 top.py
                trialConcurrency: 1
                trialGpuNumber: 0
                maxTrialNumber: null
                nniManagerIp: 10.0.0.1
                tuner: {name: TestRandom, classArgs: null}
                assessor: null
                trainingService:
                  platform: local
                  trialCommand: python3 local.py
                  gpuIndices: null
                """);
        assertThat(parsed.config().experimentName()).isNull();
        assertThat(parsed.config().maxTrialNumber()).isNull();
        assertThat(parsed.config().assessor()).isNull();
        assertThat(parsed.config().tuner().classArgs()).isEmpty();
        assertThat(parsed.config().trialCommand()).isEqualTo("python3 top.py");
        assertThat(parsed.config().trainingService().trialCommand()).isEqualTo("python3 local.py");
        assertThat(parsed.config().trainingService().trialGpuNumber()).isZero();
        // the local platform never carries nniManagerIp, even when the top level sets it
        assertThat(parsed.config().trainingService().settings()).doesNotContainKey("nniManagerIp");
        assertThat(parsed.canonical())
                .doesNotContainKeys("experimentName", "maxTrialNumber", "assessor")
                .containsEntry("nniManagerIp", "10.0.0.1");
        assertThat(parsed.canonical().get("tuner")).isEqualTo(map("name", "TestRandom"));
    }

    @Test
    void readsRemoteMachinesDroppingTheKeyFileWhenAPasswordIsGiven() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpaceFile: search_space.json
                trialCommand: python3 mnist.py
                trialGpuNumber: 1
                trialConcurrency: 4
                tuner: {name: TestRandom}
                trainingService:
                  platform: remote
                  machineList:
                    - host: gpu-a.example.org
                      user: nni
                      ssh_key_file: ~/.ssh/id_ed25519
                      gpuIndices: [0, 1]
                      maxTrialNumberPerGpu: 2
                    - host: 192.168.7.20
                      port: 10022
                      user: nni
                      password: "12345"
                      sshKeyFile: ~/.ssh/unused
                      pythonPath: /usr/bin
                """);
        TrainingServiceConfig remote = parsed.config().trainingService();
        assertThat(remote.platform()).isEqualTo("remote");
        assertThat(remote.settings().get("machineList"))
                .isEqualTo(List.of(
                        map(
                                "host",
                                "gpu-a.example.org",
                                "port",
                                22,
                                "user",
                                "nni",
                                "sshKeyFile",
                                "~/.ssh/id_ed25519",
                                "useActiveGpu",
                                false,
                                "maxTrialNumberPerGpu",
                                2,
                                "gpuIndices",
                                List.of(0, 1)),
                        map(
                                "host", "192.168.7.20",
                                "port", 10022,
                                "user", "nni",
                                "password", "12345",
                                "useActiveGpu", false,
                                "maxTrialNumberPerGpu", 1,
                                "pythonPath", "/usr/bin")));
        assertThat(remote.reuseMode()).isFalse();
        // the server seals passwords before storing and redacts them when showing the config: nothing to warn about
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void readsHybridTrainingServiceListsCopyingShortcutsIntoEachEntry() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 mnist.py
                trialGpuNumber: 0
                trialConcurrency: 5
                tuner: {name: TestRandom}
                trainingService:
                  - platform: local
                  - platform: remote
                    machineList: [{host: 10.0.0.5, user: me}]
                  - platform: aml
                    dockerImage: msranni/nni
                    subscriptionId: sub-1
                    resourceGroup: rg
                    workspaceName: ws
                    computeTarget: gpu-cluster
                """);
        ExperimentConfig c = parsed.config();
        assertThat(c.hybrid()).isTrue();
        assertThat(c.trainingService().platform()).isEqualTo(TrainingServiceConfig.HYBRID);
        assertThat(c.trainingServices())
                .extracting(TrainingServiceConfig::platform)
                .containsExactly("local", "remote", "aml");
        assertThat(c.trainingServices())
                .allSatisfy(ts -> assertThat(ts.trialCommand()).isEqualTo("python3 mnist.py"));
        assertThat(parsed.canonical().get("trainingService"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .hasSize(3);
        assertThat(c.trainingServices().get(2).settings())
                .containsEntry("dockerImage", "msranni/nni")
                .containsEntry("maxTrialNumberPerGpu", 1);
    }

    @Test
    void fillsOpenpaiDefaultsAndPrependsHttpsToTheHost() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 t.py
                trialGpuNumber: 1
                trialConcurrency: 2
                tuner: {name: TestRandom}
                trainingService:
                  platform: openpai
                  host: pai.example.org
                  username: alice
                  token: tkn
                  trialCpuNumber: 4
                  trialMemorySize: 8gb
                  storageConfigName: confignfs
                  virtualCluster: null
                  localStorageMountPoint: /mnt/pai
                  containerStorageMountPoint: /mnt/data
                  openpaiConfig: {jobPriorityClass: {"Custom_Key": 1}}
                """);
        Map<String, Object> ts = parsed.config().trainingService().settings();
        assertThat(ts)
                .containsEntry("host", "https://pai.example.org")
                .containsEntry("dockerImage", "msranni/nni:latest")
                .containsEntry("reuseMode", true)
                .containsEntry("trialMemorySize", "8gb")
                .containsEntry("openpaiConfig", map("jobPriorityClass", map("Custom_Key", 1)))
                .doesNotContainKey("virtualCluster");
    }

    @Test
    void readsKubeflowAndFrameworkControllerWithoutATrialCommand() {
        ParsedConfig kubeflow = Fixtures.parse("""
                searchSpace: {}
                trialConcurrency: 2
                tuner: {name: TestRandom}
                trainingService:
                  platform: kubeflow
                  operator: tf-operator
                  apiVersion: v1
                  storage: {storageType: nfs, server: 10.0.0.9, path: /exports/nni}
                  worker: {replicas: 2, command: python3 dist.py, cpuNumber: 2, memorySize: 4gb, codeDirectory: .}
                """);
        Map<String, Object> kf = kubeflow.config().trainingService().settings();
        assertThat(kf)
                .containsEntry("trialCommand", "")
                .containsEntry("reuseMode", true)
                .containsEntry("namespace", "default");
        assertThat(kf.get("worker"))
                .isEqualTo(map(
                        "replicas", 2,
                        "command", "python3 dist.py",
                        "gpuNumber", 0,
                        "cpuNumber", 2,
                        "memorySize", "4gb",
                        "dockerImage", "msranni/nni:latest",
                        "codeDirectory", "."));

        ParsedConfig fc = Fixtures.parse("""
                searchSpace: {}
                trialConcurrency: 2
                tuner: {name: TestRandom}
                trainingService:
                  platform: frameworkcontroller
                  serviceAccountName: frameworkcontroller
                  storage:
                    storageType: azureStorage
                    azureAccount: acct
                    azureShare: share
                    keyVaultName: vault
                    keyVaultKey: key
                  taskRoles:
                    - name: worker
                      taskNumber: 2
                      command: python3 run.py
                      gpuNumber: 1
                      cpuNumber: 4
                      memorySize: 8192
                      frameworkAttemptCompletionPolicy: {minFailedTaskCount: 1, minSucceedTaskCount: 2}
                """);
        assertThat(fc.config().trainingService().settings())
                .containsEntry("trialCommand", "")
                .containsEntry("serviceAccountName", "frameworkcontroller");
        assertThat(fc.config().trainingService().settings().get("taskRoles"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .isEqualTo(map(
                        "name",
                        "worker",
                        "dockerImage",
                        "msranni/nni:latest",
                        "taskNumber",
                        2,
                        "command",
                        "python3 run.py",
                        "gpuNumber",
                        1,
                        "cpuNumber",
                        4,
                        "memorySize",
                        8192,
                        "frameworkAttemptCompletionPolicy",
                        map("minFailedTaskCount", 1, "minSucceedTaskCount", 2)));
    }

    @Test
    void acceptsCustomAlgorithmsAndSharedStorage() {
        ParsedConfig parsed = Fixtures.parse("""
                searchSpace: {}
                trialCommand: python3 t.py
                trialConcurrency: 1
                tuner:
                  className: my_tuner.MyTuner
                  codeDirectory: tuners
                  classArgs: {anything: [1, 2]}
                trainingService: {platform: local}
                sharedStorage:
                  storageType: NFS
                  localMountPoint: /mnt/shared
                  remoteMountPoint: /mnt/remote
                  localMounted: nnimount
                  nfsServer: 10.0.0.3
                  exportedDirectory: /exports
                """);
        assertThat(parsed.config().tuner())
                .isEqualTo(new AlgorithmConfig(null, "my_tuner.MyTuner", "tuners", map("anything", List.of(1, 2))));
        assertThat(parsed.config().tuner().builtin()).isFalse();
        assertThat(parsed.config().sharedStorage()).containsEntry("nfsServer", "10.0.0.3");
    }

    @Test
    void theCanonicalConfigAndTypedValuesCannotBeModified() {
        ParsedConfig parsed = Fixtures.parseFile("v2-camel.yml");
        assertThat(catchMutation(() -> parsed.canonical().put("x", 1))).isTrue();
        assertThat(catchMutation(
                        () -> Section.asMap(parsed.canonical().get("tuner")).put("x", 1)))
                .isTrue();
        assertThat(catchMutation(() -> parsed.config().tuner().classArgs().put("x", 1)))
                .isTrue();
        assertThat(catchMutation(
                        () -> parsed.config().trainingService().settings().clear()))
                .isTrue();
    }

    private static boolean catchMutation(Runnable r) {
        try {
            r.run();
            return false;
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }
}
