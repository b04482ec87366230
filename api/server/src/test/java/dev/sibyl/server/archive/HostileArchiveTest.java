package dev.sibyl.server.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.TestArchives;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile code archives sent with an experiment are refused with 400 on field {@code code}, and nothing of
 * them lands outside Sibyl's directories. The test profile limits archives to 50 files and 1 MiB.
 */
@QuarkusTest
class HostileArchiveTest {
    private static final String CONFIG = """
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

    @ConfigProperty(name = "sibyl.home")
    Path home;

    static Stream<Arguments> hostile() {
        TestArchives.Tar manyFiles = TestArchives.tar();
        for (int i = 0; i < 51; i++) {
            manyFiles.file("f" + i + ".py", "pass\n");
        }
        return Stream.of(
                Arguments.of(
                        "'../' traversal",
                        TestArchives.tar().file("../../escaped.py", "x").gzipped(),
                        "leaving the code directory"),
                Arguments.of(
                        "an absolute path",
                        TestArchives.tar().file("/tmp/sibyl-absolute.py", "x").gzipped(),
                        "absolute path"),
                Arguments.of(
                        "a symlink escaping the root",
                        TestArchives.tar().symlink("etc", "../../../etc").gzipped(),
                        "symbolic link 'etc' pointing outside"),
                Arguments.of(
                        "a hard link",
                        TestArchives.tar()
                                .file("a.py", "x")
                                .hardLink("b.py", "a.py")
                                .gzipped(),
                        "hard link"),
                Arguments.of(
                        "a device file",
                        TestArchives.tar().characterDevice("dev-null").gzipped(),
                        "device"),
                Arguments.of("too many files", manyFiles.gzipped(), "contains too many files (more than 50)"),
                Arguments.of(
                        "too many bytes",
                        TestArchives.tar()
                                .file("big.bin", new byte[1024 * 1024 + 1])
                                .gzipped(),
                        "is too large (more than 1MB)"),
                Arguments.of(
                        "a gzip bomb",
                        TestArchives.tar().zeros("bomb.bin", 512L * 1024 * 1024).gzipped(),
                        "is too large (more than 1MB)"),
                Arguments.of(
                        "something that is no archive",
                        "just text".getBytes(),
                        "is not a tar, tar.gz (tgz) or zip archive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileArchiveIsRefusedOnFieldCode(String what, byte[] archive, String message) {
        long started = System.nanoTime();
        ExtractableResponse<Response> response = Api.submit(CONFIG, archive).extract();
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo("invalid-code-archive");
        assertThat(response.jsonPath().getList("errors.field")).containsExactly("code");
        assertThat(response.jsonPath().getString("errors[0].message")).contains(message);
        assertThat(response.asString()).doesNotContain("Exception", "at dev.sibyl");
        assertThat(System.nanoTime() - started).as("answered quickly").isLessThan(20_000_000_000L);
    }

    @Test
    void refusedArchivesLeaveNothingBehind() throws Exception {
        Api.submit(
                        CONFIG,
                        TestArchives.tar()
                                .file("ok.py", "x")
                                .file("../../escaped.py", "x")
                                .gzipped())
                .statusCode(400);
        assertThat(home.getParent().resolve("escaped.py")).doesNotExist();
        assertThat(home.resolve("escaped.py")).doesNotExist();
        try (Stream<Path> code = Files.list(Files.createDirectories(home.resolve("code")))) {
            assertThat(code.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".unpack-"));
        }
        try (Stream<Path> artifacts = Files.list(Files.createDirectories(home.resolve("artifacts")))) {
            assertThat(artifacts.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }
    }

    @Test
    void acceptedArchiveIsStoredOnceUnderItsHashAndUnpacked() throws Exception {
        byte[] archive = TestArchives.tar()
                .file("trial.py", "print('hi')\n")
                .file("lib/util.py", "X = 1\n")
                .gzipped();
        String first = Api.submit(CONFIG, archive).statusCode(201).extract().path("id");
        String second = Api.submit(CONFIG, archive).statusCode(201).extract().path("id");
        assertThat(first).isNotEqualTo(second);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(archive));
        assertThat(home.resolve("artifacts").resolve(sha)).hasBinaryContent(archive);
        assertThat(home.resolve("code").resolve(sha).resolve("lib/util.py")).hasContent("X = 1\n");
        long rows =
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> CodeArtifact.count("sha256", sha));
        assertThat(rows).isEqualTo(1);
        Api.admin().post(Api.EXPERIMENTS + "/" + first + "/stop").then().statusCode(200);
        Api.admin().post(Api.EXPERIMENTS + "/" + second + "/stop").then().statusCode(200);
    }
}
