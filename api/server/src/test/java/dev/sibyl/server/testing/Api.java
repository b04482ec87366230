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

    /** The quadratic example's config with some top-level lines replaced (key: value, YAML text). */
    public static String quadraticConfig(Map<String, String> replacements) {
        StringBuilder out = new StringBuilder();
        for (String line : TestArchives.exampleText("quadratic", "config.yml").split("\n", -1)) {
            String key = line.contains(":") && !line.startsWith(" ") && !line.startsWith("#")
                    ? line.substring(0, line.indexOf(':'))
                    : null;
            if (key != null && replacements.containsKey(key)) {
                String value = replacements.get(key);
                if (value != null) {
                    out.append(key).append(": ").append(value).append('\n');
                }
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The quadratic example's files as a tar.gz. */
    public static byte[] quadraticCode() {
        return TestArchives.tarGz(TestArchives.example("quadratic"));
    }
}
