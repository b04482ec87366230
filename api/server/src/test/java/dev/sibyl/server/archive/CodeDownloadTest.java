package dev.sibyl.server.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.TenantExperiments;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

/** Trial pods fetch their experiment's code by a signed, expiring link, without a bearer token. */
@QuarkusTest
class CodeDownloadTest {
    private static final String CONFIG = TenantExperiments.config(1, 1, "trainingService:", "  platform: local");

    @Inject
    ApiTokens tokens;

    @Inject
    CodeLinks links;

    @Test
    void aSignedLinkServesTheCodeAndATamperedOrExpiredOneIsRefused() throws IOException {
        TestTenant tenant = TestTenants.create(tokens);
        String token = tenant.token(Role.MEMBER);
        Map<String, byte[]> code = Map.of(
                "train.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8),
                "data/config.json", "{}".getBytes(StandardCharsets.UTF_8));
        String id = TenantExperiments.submit(tenant, token, CONFIG, code);

        URI link = links.signedUrl(id, Duration.ofMinutes(5));
        byte[] archive =
                given().get(pathAndQuery(link)).then().statusCode(200).extract().asByteArray();

        assertThat(entries(archive)).containsEntry("train.py", "print('hi')\n").containsEntry("data/config.json", "{}");
        String tampered = pathAndQuery(link).replaceAll("expires=(\\d+)", "expires=9$1");
        given().get(tampered).then().statusCode(403);
        URI expired = links.signedUrl(id, Duration.ofMinutes(-1));
        given().get(pathAndQuery(expired)).then().statusCode(403);
        String otherExperiment = pathAndQuery(link).replace(id, "zzzzzzzz");
        given().get(otherExperiment).then().statusCode(403);
        given().get(CodeLinks.PATH + id).then().statusCode(403);
    }

    private static String pathAndQuery(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static Map<String, String> entries(byte[] tarGz) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
