package dev.sibyl.cli.connection;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the connection settings, each value on its own, from (highest first): the command-line
 * flag, the environment ({@code SIBYL_URL}, {@code SIBYL_TOKEN}, {@code SIBYL_TENANT}), the
 * settings file ({@code ~/.sibyl/cli.json}, or the file named by {@code SIBYL_CLI_CONFIG}, holding
 * {@code {"url": ..., "token": ..., "tenant": ...}}), and the defaults. Blank values count as unset.
 * The file is read only when a value is still missing after flags and environment.
 */
public final class ConnectionSettingsResolver {

    public static final String URL_VARIABLE = "SIBYL_URL";
    public static final String TOKEN_VARIABLE = "SIBYL_TOKEN";
    public static final String TENANT_VARIABLE = "SIBYL_TENANT";
    public static final String SETTINGS_FILE_VARIABLE = "SIBYL_CLI_CONFIG";

    private final Map<String, String> environment;
    private final Path home;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param environment the process environment (injected so tests need not touch the real one)
     * @param home the user's home directory, where {@code .sibyl/cli.json} is looked up
     */
    public ConnectionSettingsResolver(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.home = Objects.requireNonNull(home, "home");
    }

    /** Resolves the settings; flags may be {@code null} when not given. */
    public ConnectionSettings resolve(String urlFlag, String tokenFlag, String tenantFlag) {
        Optional<String> url = firstOf(urlFlag, environment.get(URL_VARIABLE));
        Optional<String> token = firstOf(tokenFlag, environment.get(TOKEN_VARIABLE));
        Optional<String> tenant = firstOf(tenantFlag, environment.get(TENANT_VARIABLE));
        if (url.isEmpty() || token.isEmpty() || tenant.isEmpty()) {
            JsonNode file = readSettingsFile();
            url = url.or(() -> text(file, "url"));
            token = token.or(() -> text(file, "token"));
            tenant = tenant.or(() -> text(file, "tenant"));
        }
        return new ConnectionSettings(
                parseUrl(url.orElse(ConnectionSettings.DEFAULT_URL)),
                token,
                tenant.orElse(ConnectionSettings.DEFAULT_TENANT));
    }

    /** The settings file consulted: {@code $SIBYL_CLI_CONFIG}, else {@code ~/.sibyl/cli.json}. */
    public Path settingsFile() {
        return firstOf(environment.get(SETTINGS_FILE_VARIABLE))
                .map(Path::of)
                .orElseGet(() -> home.resolve(".sibyl").resolve("cli.json"));
    }

    private JsonNode readSettingsFile() {
        Path file = settingsFile();
        boolean explicit = firstOf(environment.get(SETTINGS_FILE_VARIABLE)).isPresent();
        if (!Files.exists(file)) {
            if (explicit) {
                throw new InvalidConnectionSettingsException(
                        SETTINGS_FILE_VARIABLE + " names " + file + ", which does not exist");
            }
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new InvalidConnectionSettingsException(file + " must hold a JSON object such as {\"url\": \""
                        + ConnectionSettings.DEFAULT_URL + "\", \"token\": \"sbl_...\"}");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidConnectionSettingsException(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidConnectionSettingsException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode file, String field) {
        JsonNode value = file.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return firstOf(value.asText());
    }

    private static Optional<String> firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return Optional.of(candidate.strip());
            }
        }
        return Optional.empty();
    }

    private static URI parseUrl(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidConnectionSettingsException(
                    "The server URL \"" + url + "\" is not an http(s) URL such as " + ConnectionSettings.DEFAULT_URL);
        }
    }
}
