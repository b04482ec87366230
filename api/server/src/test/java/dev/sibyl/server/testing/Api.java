package dev.sibyl.server.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** RestAssured shortcuts for the default tenant's API, authenticated with {@link TestTokens#ADMIN}. */
public final class Api {
    public static final String EXPERIMENTS = "/api/v1/tenants/default/experiments";

    private Api() {}

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestTokens.ADMIN);
    }

    /** POSTs a multipart experiment: the config as a file part, the code archive when given. */
    public static ValidatableResponse submit(String config, byte[] codeTarGz) {
        RequestSpecification request =
                admin().multiPart("config", "config.yml", config.getBytes(StandardCharsets.UTF_8), "application/yaml");
        if (codeTarGz != null) {
            request = request.multiPart("code", "code.tar.gz", codeTarGz, "application/gzip");
        }
        return request.when().post(EXPERIMENTS).then();
    }

    /** The quadratic example's config with some top-level keys replaced (value null: removed). */
    public static String quadraticConfig(Map<String, String> replacements) {
        String config = TestArchives.exampleText("quadratic", "config.yml");
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            config = replaceKey(config, e.getKey(), e.getValue());
        }
        return config;
    }

    /** The YAML text with the top-level scalar {@code key} set to {@code value}, or removed when null. */
    public static String replaceKey(String config, String key, String value) {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : config.split("\n", -1)) {
            if (line.startsWith(key + ":")) {
                found = true;
                if (value != null) {
                    out.append(key).append(": ").append(value).append('\n');
                }
            } else if (!line.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        if (!found && value != null) {
            out.append(key).append(": ").append(value).append('\n');
        }
        return out.toString();
    }

    /** The quadratic example's files as a tar.gz. */
    public static byte[] quadraticCode() {
        return TestArchives.tarGz(TestArchives.example("quadratic"));
    }
}
