package dev.sibyl.systemtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Authentication overhead ({@code bin/sibyl-bench auth}): the packaged server as a process, one client thread,
 * the same cheap endpoint shape with and without credentials, interleaved rounds in one run:
 * {@code GET /api/v1/version} (no authentication), {@code GET /api/v1/tenants/default/whoami} with an API token
 * and, when a Keycloak realm URL is given (infra/keycloak/start.sh), with a Keycloak JWT.
 *
 * <p>Usage: {@code bin/sibyl-bench auth [requests-per-round=2000] [keycloak-realm-url]}.
 */
public final class AuthBench {
    private static final int ROUNDS = 5;

    private AuthBench() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String realm = args.length > 1 ? args[1] : null;
        Path tmp = Files.createTempDirectory("sibyl-auth-bench");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SIBYL_RATE_LIMIT_PER_CREDENTIAL_PER_SECOND", "1000000");
        settings.put("SIBYL_RATE_LIMIT_PER_CREDENTIAL_BURST", "1000000");
        settings.put("SIBYL_RATE_LIMIT_PER_TENANT_PER_SECOND", "1000000");
        settings.put("SIBYL_RATE_LIMIT_PER_TENANT_BURST", "1000000");
        if (realm != null) {
            settings.put("SIBYL_OIDC_ENABLED", "true");
            settings.put("SIBYL_OIDC_URL", realm);
        }
        HttpClient http = HttpClient.newHttpClient();
        try (TestDatabase db = TestDatabase.create("authbench");
                ServerProcess server = new ServerProcess(db, tmp.resolve("home"))
                        .withEnvironment(settings)
                        .start()) {
            URI base = server.baseUri();
            HttpRequest open =
                    HttpRequest.newBuilder(base.resolve("/api/v1/version")).build();
            HttpRequest token = HttpRequest.newBuilder(base.resolve("/api/v1/tenants/default/whoami"))
                    .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                    .build();
            HttpRequest jwt = realm == null ? null : jwtRequest(http, base, realm);
            double[] sums = new double[3];
            for (int round = 0; round <= ROUNDS; round++) {
                double a = meanMicros(http, open, requests);
                double b = meanMicros(http, token, requests);
                double c = jwt == null ? 0 : meanMicros(http, jwt, requests);
                if (round > 0) { // round 0 warms up
                    sums[0] += a;
                    sums[1] += b;
                    sums[2] += c;
                }
            }
            double none = sums[0] / ROUNDS;
            double api = sums[1] / ROUNDS;
            System.out.printf(Locale.ROOT, "no authentication (GET /api/v1/version): %.0f us/request%n", none);
            System.out.printf(
                    Locale.ROOT, "API token (GET .../whoami): %.0f us/request, ratio %.2fx%n", api, api / none);
            if (jwt != null) {
                double person = sums[2] / ROUNDS;
                System.out.printf(
                        Locale.ROOT,
                        "Keycloak JWT (GET .../whoami): %.0f us/request, ratio %.2fx%n",
                        person,
                        person / none);
            }
        }
    }

    private static double meanMicros(HttpClient http, HttpRequest request, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        return (System.nanoTime() - start) / 1e3 / count;
    }

    /** Signs in as the realm's alice, makes her the owner of a new tenant, and returns her whoami request. */
    private static HttpRequest jwtRequest(HttpClient http, URI base, String realm) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String form = "grant_type=password&client_id=sibyl-portal&username=alice&password="
                + URLEncoder.encode("alice-password", StandardCharsets.UTF_8);
        HttpResponse<String> tokenAnswer = http.send(
                HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String accessToken =
                json.readTree(tokenAnswer.body()).path("access_token").asText();
        String slug = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        admin(http, base.resolve("/api/v1/admin/tenants"), "{\"slug\":\"" + slug + "\",\"name\":\"bench\"}");
        String invitation = json.readTree(admin(
                        http,
                        base.resolve("/api/v1/admin/tenants/" + slug + "/invitations"),
                        "{\"email\":\"alice@example.com\",\"role\":\"owner\"}"))
                .path("token")
                .asText();
        http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/invitations/" + invitation + "/accept"))
                        .header("Authorization", "Bearer " + accessToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // The access token lives 5 minutes in the example realm: enough for the default run.
        return HttpRequest.newBuilder(base.resolve("/api/v1/tenants/" + slug + "/whoami"))
                .header("Authorization", "Bearer " + accessToken)
                .build();
    }

    private static String admin(HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
