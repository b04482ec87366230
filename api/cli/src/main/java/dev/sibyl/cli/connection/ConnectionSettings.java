package dev.sibyl.cli.connection;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the command line sends its requests and as whom.
 *
 * @param baseUrl the server's root URL, without a trailing slash (e.g. {@code http://127.0.0.1:8080})
 * @param token the Sibyl API token sent as {@code Authorization: Bearer}, if any
 * @param tenant the tenant slug used in every {@code /api/v1/tenants/{tenant}} path
 */
public record ConnectionSettings(URI baseUrl, Optional<String> token, String tenant) {

    /** Used when neither a flag, the environment nor the settings file names a server. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** The tenant every installation starts with. */
    public static final String DEFAULT_TENANT = "default";

    public ConnectionSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tenant, "tenant");
        String scheme = baseUrl.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new InvalidConnectionSettingsException(
                    "The server URL \"" + baseUrl + "\" is not an http(s) URL such as " + DEFAULT_URL);
        }
        if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
            throw new InvalidConnectionSettingsException(
                    "The server URL \"" + baseUrl + "\" must not have a query or fragment");
        }
        String text = baseUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        baseUrl = URI.create(text);
        if (tenant.isBlank() || tenant.contains("/")) {
            throw new InvalidConnectionSettingsException("The tenant \"" + tenant + "\" is not a tenant slug");
        }
    }
}
