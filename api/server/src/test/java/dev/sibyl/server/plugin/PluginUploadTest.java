package dev.sibyl.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sibyl.server.testing.Api;
import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestPluginJars;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import dev.sibyl.tenant.Scope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class PluginUploadTest {
    @Inject
    ApiTokens tokens;

    @ConfigProperty(name = "sibyl.home")
    Path home;

    private static ExtractableResponse<Response> upload(
            TestTenant t, String token, byte[] jar, String name, String version) {
        return t.as(token)
                .multiPart("jar", "plugin.jar", jar, "application/java-archive")
                .multiPart("kind", "tuner")
                .multiPart("name", name)
                .multiPart("version", version)
                .post(t.path("/plugins"))
                .then()
                .extract();
    }

    @Test
    void anAcceptableJarIsStoredContentAddressedAndVisibleToItsTenantOnly() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        TestTenant other = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        byte[] jar = TestPluginJars.acceptable();

        ExtractableResponse<Response> created = upload(acme, member, jar, "golden", "1.0.0");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        assertThat(created.<String>path("sha256")).isEqualTo(sha);
        assertThat(created.<Integer>path("classCount"))
                .isEqualTo(classFiles(jar))
                .isPositive();
        assertThat(created.<String>path("factory")).isEqualTo("SampleLocalSearch");
        int id = created.path("id");
        assertThat(Files.readAllBytes(home.resolve("plugins/" + acme.id() + "/" + sha + ".jar")))
                .isEqualTo(jar);
        byte[] downloaded = acme.as(member)
                .get(acme.path("/plugins/" + id + "/jar"))
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        assertThat(downloaded).isEqualTo(jar);
        acme.as(member).get(acme.path("/plugins")).then().statusCode(200).body("name", equalTo(List.of("golden")));
        assertThat(upload(acme, member, jar, "golden", "1.0.0").statusCode()).isEqualTo(409);

        // Another tenant can neither list, read nor download it.
        String stranger = other.token(Role.ADMIN);
        other.as(stranger).get(other.path("/plugins")).then().statusCode(200).body("size()", equalTo(0));
        other.as(stranger).get(other.path("/plugins/" + id)).then().statusCode(404);
        other.as(stranger).get(other.path("/plugins/" + id + "/jar")).then().statusCode(404);
        other.as(stranger).get(acme.path("/plugins/" + id + "/jar")).then().statusCode(404);
    }

    @Test
    void aHostileJarIsRefusedWithItsFindingsAndNothingIsStored() {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> refused =
                upload(acme, member, TestPluginJars.calling("java/lang/System", "exit", "(I)V"), "evil", "1");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.<String>path("code")).isEqualTo("invalid-plugin");
        assertThat(refused.<String>path("errors[0].field")).isEqualTo("jar");
        assertThat(refused.<String>path("errors[0].message"))
                .contains("com.acme.P.run()V -> java.lang.System.exit(I)V");
        acme.as(member).get(acme.path("/plugins")).then().body("size()", equalTo(0));
        assertThat(home.resolve("plugins/" + acme.id())).doesNotExist();
    }

    @Test
    void aJarThatServesNoTunerOrFailsToLoadInItsHostIsRefusedAndNothingIsStored() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> empty =
                upload(acme, member, TestPluginJars.calling("java/lang/System", "nanoTime", "()J"), "empty", "1");
        assertThat(empty.statusCode()).as(empty.asString()).isEqualTo(400);
        assertThat(empty.<String>path("code")).isEqualTo("invalid-plugin");
        assertThat(empty.<String>path("errors[0].message")).contains("serves no TunerFactory");

        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>(
                dev.sibyl.tuner.sandbox.verify.TestJars.compile(java.util.Map.of("com.acme.Broken", """
                        package com.acme;
                        import dev.sibyl.tuner.spi.*;
                        import dev.sibyl.tuner.spi.space.SearchSpace;
                        import java.util.*;
                        public final class Broken implements TunerFactory {
                            static { if (Math.abs(-1) == 1) { throw new IllegalStateException("payload"); } }
                            public String name() { return "Broken"; }
                            public List<Violation> validate(Settings a, SearchSpace s) { return List.of(); }
                            public Tuner create(Settings a, SearchSpace s, long seed) { return (h, c) -> List.of(); }
                        }
                        """)));
        entries.put("META-INF/services/dev.sibyl.tuner.spi.TunerFactory", "com.acme.Broken\n".getBytes());
        byte[] broken = java.nio.file.Files.readAllBytes(dev.sibyl.tuner.sandbox.verify.TestJars.jar(
                java.nio.file.Files.createTempDirectory("broken"), "broken", entries));
        ExtractableResponse<Response> failed = upload(acme, member, broken, "broken", "1");
        assertThat(failed.statusCode()).as(failed.asString()).isEqualTo(400);
        assertThat(failed.<String>path("errors[0].message"))
                .contains("failed when loaded in a sandboxed host")
                .contains("plugin broken 1");
        acme.as(member).get(acme.path("/plugins")).then().body("size()", equalTo(0));
        assertThat(home.resolve("plugins/" + acme.id())).doesNotExist();
    }

    @Test
    void uploadsNeedThePluginsScopeAndAMemberRole() {
        TestTenant acme = TestTenants.create(tokens);
        assertThat(upload(acme, acme.token(Role.VIEWER), TestPluginJars.acceptable(), "a", "1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(upload(
                                acme,
                                acme.token(Role.MEMBER, Scope.EXPERIMENTS_READ, Scope.EXPERIMENTS_WRITE),
                                TestPluginJars.acceptable(),
                                "a",
                                "1")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void missingFieldsAreNamedAndTheStorageQuotaIsKept() {
        TestTenant acme = TestTenants.create(tokens);
        String member = acme.token(Role.MEMBER);
        ExtractableResponse<Response> incomplete = acme.as(member)
                .multiPart("kind", "optimizer")
                .post(acme.path("/plugins"))
                .then()
                .extract();
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.<List<String>>path("errors.field")).contains("jar", "kind", "name", "version");
        ExtractableResponse<Response> builtinName = upload(acme, member, TestPluginJars.acceptable(), "tpe", "1");
        assertThat(builtinName.statusCode()).isEqualTo(400);
        assertThat(builtinName.<String>path("errors[0].message")).contains("built-in");

        byte[] jar = TestPluginJars.acceptable();
        Api.admin()
                .contentType("application/json")
                .body(Map.of("maxPluginStorageBytes", jar.length + 10))
                .put("/api/v1/admin/tenants/" + acme.slug() + "/quota")
                .then()
                .statusCode(200);
        assertThat(upload(acme, member, jar, "first", "1").statusCode()).isEqualTo(201);
        ExtractableResponse<Response> over = upload(acme, member, jar, "second", "1");
        assertThat(over.statusCode()).isEqualTo(409);
        assertThat(over.<String>path("code")).isEqualTo("quota-exceeded");
        assertThat(over.<String>path("errors[0].message")).contains("remaining");
    }

    private static int classFiles(byte[] jar) throws java.io.IOException {
        int n = 0;
        try (java.util.zip.ZipInputStream zip =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith(".class")) {
                    n++;
                }
            }
        }
        return n;
    }
}
