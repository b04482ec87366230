package dev.sibyl.cli.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFilesTest {

    @TempDir
    Path temp;

    @Test
    void resolvesV2PathsAgainstTheConfigFilesDirectory() throws IOException {
        Path config = write("exp/config.yml", """
                experimentName: mnist
                searchSpaceFile: search_space.json
                trialCommand: python3 mnist.py
                trialCodeDirectory: ../code
                trialConcurrency: 2
                tuner:
                  name: TPE
                trainingService:
                  platform: local
                """);

        ExperimentFiles files = ExperimentFiles.read(config, temp.resolve("home"));

        assertThat(files.configFile()).isEqualTo(config.toAbsolutePath());
        assertThat(files.codeDirectory()).isEqualTo(temp.resolve("code").toAbsolutePath());
        assertThat(files.searchSpaceFile())
                .contains(temp.resolve("exp/search_space.json").toAbsolutePath());
        assertThat(files.configText()).isEqualTo(Files.readString(config));
    }

    @Test
    void sendsRemoteMachinesKeyFilesAsTheKeysText() throws IOException {
        write("home/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
        Path config = write("exp/config.yml", """
                searchSpace: {x: {_type: uniform, _value: [0, 1]}}
                trialCommand: python3 trial.py
                trialConcurrency: 1
                trainingService:
                  platform: remote
                  machineList:
                    - {host: 10.0.0.1, user: me, sshKeyFile: ~/.ssh/id_ed25519, sshPassphrase: pp}
                    - {host: 10.0.0.2, user: me, password: pw, sshKeyFile: ~/.ssh/other}
                """);

        ExperimentFiles files = ExperimentFiles.read(config, temp.resolve("home"));

        var sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(files.configText());
        var machines = sent.path("trainingService").path("machineList");
        assertThat(machines.get(0).path("sshKey").asText()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(machines.get(0).has("sshKeyFile")).isFalse();
        assertThat(machines.get(0).path("sshPassphrase").asText()).isEqualTo("pp");
        assertThat(machines.get(1).has("sshKey"))
                .as("a password wins, as in NNI")
                .isFalse();
    }

    @Test
    void aKeyFileThatCannotBeReadIsReportedWithItsField() throws IOException {
        Path config = write("exp/config.yml", """
                searchSpace: {x: {_type: uniform, _value: [0, 1]}}
                trialCommand: python3 trial.py
                trialConcurrency: 1
                trainingService:
                  - platform: local
                  - platform: remote
                    machineList: [{host: 10.0.0.1, user: me, sshKeyFile: ~/.ssh/missing}]
                """);

        assertThatThrownBy(() -> ExperimentFiles.read(config, temp.resolve("home")))
                .isInstanceOf(InvalidConfigFileException.class)
                .hasMessageContaining("machineList[0].sshKeyFile");
    }

    @Test
    void defaultsTheCodeDirectoryToTheConfigFilesDirectory() throws IOException {
        Path config = write("exp/config.yaml", """
                searchSpace:
                  x: {_type: uniform, _value: [0, 1]}
                trialCommand: python3 trial.py
                trialConcurrency: 1
                trainingService: {platform: local}
                """);

        ExperimentFiles files = ExperimentFiles.read(config, temp);

        assertThat(files.codeDirectory()).isEqualTo(temp.resolve("exp").toAbsolutePath());
        assertThat(files.searchSpaceFile()).isEmpty();
    }

    @Test
    void readsV1CodeDirAndSearchSpacePath() throws IOException {
        Path config = write("v1/config.yml", """
                authorName: default
                experimentName: example_mnist
                trialConcurrency: 1
                maxExecDuration: 1h
                maxTrialNum: 10
                trainingServicePlatform: local
                searchSpacePath: search_space.json
                useAnnotation: false
                tuner:
                  builtinTunerName: TPE
                trial:
                  command: python3 mnist.py
                  codeDir: src
                  gpuNum: 0
                """);

        ExperimentFiles files = ExperimentFiles.read(config, temp);

        assertThat(files.codeDirectory()).isEqualTo(temp.resolve("v1/src").toAbsolutePath());
        assertThat(files.searchSpaceFile())
                .contains(temp.resolve("v1/search_space.json").toAbsolutePath());
    }

    @Test
    void matchesKeysCaseInsensitivelyIgnoringUnderscoresLikeNni() throws IOException {
        Path config = write("snake/config.yaml", """
                search_space_file: space.json
                trial_command: python3 trial.py
                TRIAL_CODE_DIRECTORY: code
                trial_concurrency: 1
                training_service:
                  platform: local
                """);

        ExperimentFiles files = ExperimentFiles.read(config, temp);

        assertThat(files.codeDirectory()).isEqualTo(temp.resolve("snake/code").toAbsolutePath());
        assertThat(files.searchSpaceFile())
                .contains(temp.resolve("snake/space.json").toAbsolutePath());
    }

    @Test
    void readsTheCodeDirectoryFromTheTrainingServiceWhenOnlyThereAndAcceptsJson() throws IOException {
        Path config = write("json/config.json", """
                {"trialCommand": "python3 t.py", "trialConcurrency": 1, "searchSpace": {},
                 "trainingService": {"platform": "local", "trialCodeDirectory": "inner"}}
                """);

        assertThat(ExperimentFiles.read(config, temp).codeDirectory())
                .isEqualTo(temp.resolve("json/inner").toAbsolutePath());
    }

    @Test
    void expandsTildeToTheHomeDirectoryAndKeepsAbsolutePaths() throws IOException {
        Path absolute = temp.resolve("elsewhere/space.json").toAbsolutePath();
        Path config = write("tilde/config.yml", """
                trialCodeDirectory: ~/projects/mnist
                searchSpaceFile: %s
                """.formatted(absolute));
        Path home = temp.resolve("home");

        ExperimentFiles files = ExperimentFiles.read(config, home);

        assertThat(files.codeDirectory())
                .isEqualTo(home.resolve("projects/mnist").toAbsolutePath());
        assertThat(files.searchSpaceFile()).contains(absolute);
    }

    @Test
    void treatsNullAsNotSet() throws IOException {
        Path config = write("nulls/config.yml", "trialCodeDirectory: null\nsearchSpaceFile: ~\n");

        ExperimentFiles files = ExperimentFiles.read(config, temp);

        assertThat(files.codeDirectory()).isEqualTo(temp.resolve("nulls").toAbsolutePath());
        assertThat(files.searchSpaceFile()).isEmpty();
    }

    @Test
    void rejectsAMissingFileWithNnisMessage() {
        Path missing = temp.resolve("nope.yml");

        assertThatThrownBy(() -> ExperimentFiles.read(missing, temp))
                .isInstanceOf(InvalidConfigFileException.class)
                .hasMessage("\"" + missing + "\" is not a valid file.");
    }

    @Test
    void rejectsTextThatIsNotYaml() throws IOException {
        Path config = write("bad/config.yml", "trialCommand: [unclosed\n  - x: : :\n");

        assertThatThrownBy(() -> ExperimentFiles.read(config, temp))
                .isInstanceOf(InvalidConfigFileException.class)
                .hasMessageStartingWith("yaml file format error!");
    }

    @Test
    void rejectsATopLevelThatIsNotAMapping() throws IOException {
        Path config = write("list/config.yml", "- a\n- b\n");

        assertThatThrownBy(() -> ExperimentFiles.read(config, temp))
                .isInstanceOf(InvalidConfigFileException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void rejectsAPathThatIsNotText() throws IOException {
        Path config = write("num/config.yml", "trialCodeDirectory: [a, b]\n");

        assertThatThrownBy(() -> ExperimentFiles.read(config, temp))
                .isInstanceOf(InvalidConfigFileException.class)
                .hasMessage("trialCodeDirectory must be a path, not [\"a\",\"b\"]");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
