package dev.sibyl.config;

import static dev.sibyl.config.Fixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class V1ConversionTest {
    @Test
    void convertsALocalV1ConfigToTheV2NniWouldWrite() {
        ParsedConfig parsed = Fixtures.parseFile("v1-local.yml");

        assertThat(parsed.convertedFromV1()).isTrue();
        Map<String, Object> expected = map(
                "experimentName",
                "mnist-v1",
                "experimentType",
                "hpo",
                "searchSpace",
                SearchSpaceSource.parseText(Fixtures.read("search_space.json")),
                "trialCommand",
                "python3 mnist.py --batch 64",
                "trialCodeDirectory",
                ".",
                "trialConcurrency",
                3,
                "trialGpuNumber",
                1,
                "maxExperimentDuration",
                "2h",
                "maxTrialNumber",
                30,
                "useAnnotation",
                false,
                "debug",
                false,
                "logLevel",
                "info",
                "tuner",
                map("name", "TestRandom", "classArgs", map("optimize_mode", "minimize")),
                "assessor",
                map("name", "TestMedianstop", "classArgs", map("start_step", 3)),
                "trainingService",
                map(
                        "platform",
                        "local",
                        "trialCommand",
                        "python3 mnist.py --batch 64",
                        "trialCodeDirectory",
                        ".",
                        "trialGpuNumber",
                        1,
                        "debug",
                        false,
                        "useActiveGpu",
                        false,
                        "maxTrialNumberPerGpu",
                        2,
                        "gpuIndices",
                        List.of(0, 1),
                        "reuseMode",
                        false));
        assertThat(parsed.canonical()).isEqualTo(expected);
        assertThat(parsed.canonical().keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(parsed.config().maxExperimentDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(parsed.warnings())
                .hasSize(4)
                .anySatisfy(w -> assertThat(w).startsWith("authorName:"))
                .anySatisfy(w -> assertThat(w).startsWith("description:"))
                .anySatisfy(w -> assertThat(w).startsWith("logCollection:"))
                .anySatisfy(w -> assertThat(w).startsWith("tuner.includeIntermediateResults:"));
    }

    @Test
    void convertsRemoteMachinesIncludingThePassphraseAsSshPassphrase() {
        ParsedConfig parsed = Fixtures.parseFile("v1-remote.yml");

        assertThat(parsed.canonical().get("trainingService"))
                .isEqualTo(map(
                        "platform",
                        "remote",
                        "trialCommand",
                        "python3 mnist.py",
                        "trialCodeDirectory",
                        ".",
                        "trialGpuNumber",
                        0,
                        "debug",
                        false,
                        "machineList",
                        List.of(
                                map(
                                        "host", "10.1.0.11",
                                        "port", 2222,
                                        "user", "trainer",
                                        "sshKeyFile", "~/.ssh/trainer_ed25519",
                                        "sshPassphrase", "open-sesame",
                                        "useActiveGpu", false,
                                        "maxTrialNumberPerGpu", 1,
                                        "gpuIndices", List.of(0, 1),
                                        "pythonPath", "/opt/conda/bin"),
                                map(
                                        "host",
                                        "10.1.0.12",
                                        "port",
                                        22,
                                        "user",
                                        "trainer",
                                        "password",
                                        "hunter2",
                                        "useActiveGpu",
                                        false,
                                        "maxTrialNumberPerGpu",
                                        1)),
                        "reuseMode",
                        false));
        assertThat(parsed.canonical())
                .containsEntry("maxExperimentDuration", "90m")
                .containsEntry("maxTrialNumber", 10)
                .containsEntry("tuner", map("name", "TestRandom"));
        // the server seals passwords and redacts them in answers, so a password earns no warning any more
        assertThat(parsed.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("authorName:"))
                .noneSatisfy(w -> assertThat(w).contains("password"));
    }

    @Test
    void convertsCustomAlgorithmsAndTheirGpuIndices() {
        ParsedConfig parsed = Fixtures.parse("""
                trainingServicePlatform: local
                trialConcurrency: 1
                searchSpacePath: search_space.json
                tuner:
                  codeDir: ./my_tuners
                  classFileName: my_tuner.py
                  className: MyTuner
                  classArgs: {depth: 3}
                  gpuIndices: 0
                trial: {command: python3 t.py, codeDir: .}
                """);
        assertThat(parsed.canonical().get("tuner"))
                .isEqualTo(map(
                        "className", "my_tuner.MyTuner", "codeDirectory", "./my_tuners", "classArgs", map("depth", 3)));
        assertThat(parsed.config().tunerGpuIndices()).containsExactly(0);
    }

    @Test
    void convertsOpenpaiConfigs() {
        ParsedConfig parsed = Fixtures.parse("""
                authorName: carol
                experimentName: pai-v1
                trialConcurrency: 2
                trainingServicePlatform: pai
                searchSpacePath: search_space.json
                tuner: {builtinTunerName: TestRandom}
                trial:
                  command: python3 t.py
                  codeDir: .
                  gpuNum: 1
                  cpuNum: 2
                  memoryMB: 8192
                  image: msranni/nni:v2
                  virtualCluster: vc1
                  nniManagerNFSMountPath: /mnt/nfs
                  containerNFSMountPath: /mnt/data
                  paiStorageConfigName: confignfs
                paiConfig:
                  userName: carol
                  token: secret-token
                  host: 10.10.10.10
                  password: old
                """);
        assertThat(parsed.config().trainingService().platform()).isEqualTo("openpai");
        assertThat(parsed.config().trainingService().settings())
                .containsEntry("host", "https://10.10.10.10")
                .containsEntry("username", "carol")
                .containsEntry("token", "secret-token")
                .containsEntry("trialCpuNumber", 2)
                .containsEntry("trialMemorySize", 8192)
                .containsEntry("dockerImage", "msranni/nni:v2")
                .containsEntry("virtualCluster", "vc1")
                .containsEntry("storageConfigName", "confignfs")
                .containsEntry("localStorageMountPoint", "/mnt/nfs")
                .containsEntry("containerStorageMountPoint", "/mnt/data")
                .containsEntry("trialGpuNumber", 1)
                .containsEntry("reuseMode", true);
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w).startsWith("paiConfig.password:"));
    }

    @Test
    void convertsKubeflowRolesGivingThemTheTrialCodeDirectory() {
        ParsedConfig parsed = Fixtures.parse("""
                trialConcurrency: 1
                trainingServicePlatform: kubeflow
                searchSpacePath: search_space.json
                tuner: {builtinTunerName: TestRandom}
                trial:
                  codeDir: ./dist
                  worker: {replicas: 2, command: python3 w.py, gpuNum: 1, cpuNum: 2, memoryMB: 4096, image: img:1}
                  ps: {replicas: 1, command: python3 ps.py, gpuNum: 0, cpuNum: 1, memoryMB: 2048, image: img:1}
                kubeflowConfig:
                  operator: tf-operator
                  apiVersion: v1
                  storage: nfs
                  nfs: {server: 10.0.0.2, path: /exports/kf}
                """);
        Map<String, Object> ts = parsed.config().trainingService().settings();
        assertThat(ts)
                .containsEntry("operator", "tf-operator")
                .containsEntry("storage", map("storageType", "nfs", "server", "10.0.0.2", "path", "/exports/kf"))
                .containsEntry("trialCommand", "");
        assertThat(ts.get("worker"))
                .isEqualTo(map(
                        "replicas", 2,
                        "command", "python3 w.py",
                        "gpuNumber", 1,
                        "cpuNumber", 2,
                        "memorySize", 4096,
                        "dockerImage", "img:1",
                        "codeDirectory", "./dist"));
        assertThat(ts).containsKey("ps").doesNotContainKey("master");
    }

    @Test
    void convertsFrameworkControllerRolesAndBorrowsTheFirstRoleCommand() {
        ParsedConfig parsed = Fixtures.parse("""
                trialConcurrency: 1
                trainingServicePlatform: frameworkcontroller
                searchSpacePath: search_space.json
                tuner: {builtinTunerName: TestRandom}
                trial:
                  codeDir: .
                  taskRoles:
                    - name: worker
                      taskNum: 2
                      command: python3 run.py
                      gpuNum: 1
                      cpuNum: 2
                      memoryMB: 4096
                      image: img:2
                      frameworkControllerCompletionPolicy: {minFailedTaskCount: 1, minSucceededTaskCount: 2}
                frameworkcontrollerConfig:
                  serviceAccountName: fc
                  storage: azureStorage
                  keyVault: {vaultName: vault, name: key}
                  azureStorage: {accountName: acct, azureShare: share}
                """);
        assertThat(parsed.canonical()).containsEntry("trialCommand", "python3 run.py");
        Map<String, Object> ts = parsed.config().trainingService().settings();
        assertThat(ts.get("storage"))
                .isEqualTo(map(
                        "storageType", "azureStorage",
                        "azureAccount", "acct",
                        "azureShare", "share",
                        "keyVaultName", "vault",
                        "keyVaultKey", "key"));
        assertThat(ts.get("taskRoles"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .isEqualTo(map(
                        "name",
                        "worker",
                        "dockerImage",
                        "img:2",
                        "taskNumber",
                        2,
                        "command",
                        "python3 run.py",
                        "gpuNumber",
                        1,
                        "cpuNumber",
                        2,
                        "memorySize",
                        4096,
                        "frameworkAttemptCompletionPolicy",
                        map("minFailedTaskCount", 1, "minSucceedTaskCount", 2)));
    }

    @Test
    void warnsAboutV1FieldsThatAreNotConverted() {
        ParsedConfig parsed = Fixtures.parse("""
                trainingServicePlatform: local
                trialConcurrency: 1
                searchSpacePath: search_space.json
                multiPhase: false
                versionCheck: true
                tuner: {builtinTunerName: TestRandom}
                trial: {command: python3 t.py, codeDir: ., nasMode: classic_mode}
                remoteConfig: {reuse: true}
                """);
        assertThat(parsed.warnings())
                .containsExactlyInAnyOrder(
                        "versionCheck: no longer supported; dropped from the converted config",
                        "trial.nasMode: not converted from v1; ignored",
                        "remoteConfig: not converted from v1; ignored");
    }

    @Test
    void rejectsWhatCannotBeConvertedWithV1Paths() {
        String base = "trialConcurrency: 1\nsearchSpacePath: search_space.json\ntrial: {command: run}\n";
        assertThat(Fixtures.fields("trainingServicePlatform: adl\n" + base)).containsExactly("trainingServicePlatform");
        assertThat(Fixtures.fields("trainingServicePlatform: hybrid\n" + base))
                .containsExactly("trainingServicePlatform");
        assertThat(Fixtures.fields("trainingServicePlatform: mars\n" + base))
                .containsExactly("trainingServicePlatform");
        assertThat(Fixtures.fields("trainingServicePlatform: local\nmultiPhase: true\n" + base
                        + "tuner: {builtinTunerName: TestRandom}\n"))
                .containsExactly("multiPhase");
        assertThat(Fixtures.fields(
                        "trainingServicePlatform: remote\n" + base + "tuner: {builtinTunerName: TestRandom}\n"))
                .containsExactly("machineList");
        assertThat(Fixtures.fields("trainingServicePlatform: local\n" + base
                        + "tuner: {codeDir: ., classFileName: tuner.rb, className: T}\n"))
                .containsExactly("tuner.classFileName");
        assertThat(Fixtures.fields("trainingServicePlatform: local\n" + base + "tuner: {classArgs: {a: 1}}\n"))
                .containsExactly("tuner.builtinTunerName");
        assertThat(Fixtures.fields("trainingServicePlatform: local\n" + base + "tuner: TPE\n"))
                .containsExactly("tuner");
    }

    @Test
    void reportsV2RuleViolationsOfTheConvertedConfigWithV2Paths() {
        assertThat(Fixtures.fields("""
                        trainingServicePlatform: local
                        trialConcurrency: 1
                        searchSpacePath: search_space.json
                        tuner: {builtinTunerName: TestRandom, classArgs: {optimize_mode: up}}
                        trial: {command: python3 t.py, codeDir: ., gpuNum: 2}
                        """))
                .containsExactlyInAnyOrder("tuner.classArgs.optimize_mode", "trainingService.useActiveGpu");
    }
}
