package dev.sibyl.trainers.openpai;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One OpenPAI pool: NNI's {@code platform: openpai} settings. Bad values fail here with the NNI field name.
 *
 * @param host the cluster's address with scheme, e.g. {@code https://pai.example.org} ({@code host})
 * @param username the OpenPAI user jobs are submitted as; job URLs are {@code <username>~<job>} ({@code username})
 * @param token a bearer token of that user, sent as {@code Authorization: Bearer} ({@code token}); never logged
 * @param trialCpuNumber {@code resourcePerInstance.cpu} ({@code trialCpuNumber})
 * @param trialMemoryMB {@code resourcePerInstance.memoryMB} ({@code trialMemorySize}, converted to megabytes)
 * @param dockerImage the image trials run in ({@code dockerImage})
 * @param virtualCluster {@code defaults.virtualCluster}, or null for the user's default ({@code virtualCluster})
 * @param storageConfigName the OpenPAI storage mounted into each job ({@code storageConfigName})
 * @param localStorageMountPoint where this server sees that storage ({@code localStorageMountPoint})
 * @param containerStorageMountPoint where jobs see it, an absolute path inside the container ({@code
 *     containerStorageMountPoint})
 * @param protocolTemplate a job protocol to start from ({@code openpaiConfig}, or {@code openpaiConfigFile} read
 *     with {@link #readProtocolTemplate}), or null
 * @param requestTimeout how long one REST call may take before it counts as a transient failure
 * @param statusInterval how long a job status read from OpenPAI answers polls of the trial (one GET per trial per
 *     interval at most, however often the trial is polled); a cancel or submit reads afresh
 */
public record OpenPaiSettings(
        URI host,
        String username,
        String token,
        int trialCpuNumber,
        int trialMemoryMB,
        String dockerImage,
        String virtualCluster,
        String storageConfigName,
        Path localStorageMountPoint,
        String containerStorageMountPoint,
        Map<String, Object> protocolTemplate,
        Duration requestTimeout,
        Duration statusInterval) {
    /** NNI's default image for OpenPAI trials. */
    public static final String DEFAULT_IMAGE = "msranni/nni:latest";
    /** A sensible {@code requestTimeout}: OpenPAI's REST server answers within seconds when it is healthy. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A sensible {@code statusInterval}: NNI read its OpenPAI jobs every 5 s. */
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(2);

    private static final Pattern USERNAME = Pattern.compile("[\\w.-]+");

    public OpenPaiSettings {
        Objects.requireNonNull(host, "host");
        if (!("http".equals(host.getScheme()) || "https".equals(host.getScheme())) || host.getHost() == null) {
            throw new IllegalArgumentException("host must be an http:// or https:// address, got '" + host + "'");
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be an OpenPAI user name ([\\w.-]+), got '" + username + "'");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must be set (an OpenPAI bearer token)");
        }
        if (trialCpuNumber < 1) {
            throw new IllegalArgumentException("trialCpuNumber must be at least 1, got " + trialCpuNumber);
        }
        if (trialMemoryMB < 1) {
            throw new IllegalArgumentException("trialMemorySize must be at least 1 MB, got " + trialMemoryMB);
        }
        if (dockerImage == null || dockerImage.isBlank()) {
            throw new IllegalArgumentException("dockerImage must be set");
        }
        if (virtualCluster != null && virtualCluster.isBlank()) {
            throw new IllegalArgumentException("virtualCluster must not be blank (leave it unset for the default)");
        }
        if (storageConfigName == null || storageConfigName.isBlank()) {
            throw new IllegalArgumentException("storageConfigName must be set");
        }
        Objects.requireNonNull(localStorageMountPoint, "localStorageMountPoint");
        if (containerStorageMountPoint == null
                || !containerStorageMountPoint.startsWith("/")
                || containerStorageMountPoint.contains("'")) {
            throw new IllegalArgumentException(
                    "containerStorageMountPoint must be an absolute path without quotes, got '"
                            + containerStorageMountPoint + "'");
        }
        containerStorageMountPoint = stripTrailingSlashes(containerStorageMountPoint);
        // Insertion order and null values of a YAML template are kept.
        protocolTemplate =
                protocolTemplate == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(protocolTemplate));
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        Objects.requireNonNull(statusInterval, "statusInterval");
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("statusInterval must not be negative, got " + statusInterval);
        }
    }

    /**
     * Settings from the canonical fields of an NNI {@code trainingService} entry with {@code platform: openpai}
     * (camelCase keys as in the config). {@code trialMemorySize} is passed in megabytes because its text form
     * ({@code 8gb}) is parsed by the config layer; {@code openpaiConfigFile} is read here.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static OpenPaiSettings fromTrainingService(Map<String, Object> fields, int trialMemoryMB) {
        Object template = fields.get("openpaiConfig");
        if (template == null && fields.get("openpaiConfigFile") != null) {
            template = readProtocolTemplate(Path.of(text(fields, "openpaiConfigFile")));
        }
        if (template != null && !(template instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("openpaiConfig must be a mapping (a job protocol)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> protocol = (Map<String, Object>) template;
        String image = fields.get("dockerImage") == null ? DEFAULT_IMAGE : text(fields, "dockerImage");
        return new OpenPaiSettings(
                URI.create(text(fields, "host")),
                text(fields, "username"),
                text(fields, "token"),
                fields.get("trialCpuNumber") instanceof Integer cpus ? cpus : 0,
                trialMemoryMB,
                image,
                fields.get("virtualCluster") == null ? null : text(fields, "virtualCluster"),
                text(fields, "storageConfigName"),
                Path.of(text(fields, "localStorageMountPoint")),
                text(fields, "containerStorageMountPoint"),
                protocol,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_STATUS_INTERVAL);
    }

    /** The same pool seen with another token (for example after the user rotated it). */
    public OpenPaiSettings withToken(String newToken) {
        return with(newToken, protocolTemplate);
    }

    /** The same pool, starting every job from {@code template} ({@code openpaiConfig}). */
    public OpenPaiSettings withProtocolTemplate(Map<String, Object> template) {
        return with(token, template);
    }

    /** Reads a job protocol template ({@code openpaiConfigFile}, YAML) for {@link #withProtocolTemplate}. */
    public static Map<String, Object> readProtocolTemplate(Path file) {
        return JobProtocol.readTemplate(file);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "OpenPaiSettings[host=" + host + ", username=" + username + ", token=***, trialCpuNumber="
                + trialCpuNumber + ", trialMemoryMB=" + trialMemoryMB + ", dockerImage=" + dockerImage
                + ", virtualCluster=" + virtualCluster + ", storageConfigName=" + storageConfigName
                + ", localStorageMountPoint=" + localStorageMountPoint + ", containerStorageMountPoint="
                + containerStorageMountPoint + ", protocolTemplate=" + (protocolTemplate != null) + ", requestTimeout="
                + requestTimeout + ", statusInterval=" + statusInterval + "]";
    }

    private OpenPaiSettings with(String newToken, Map<String, Object> template) {
        return new OpenPaiSettings(
                host,
                username,
                newToken,
                trialCpuNumber,
                trialMemoryMB,
                dockerImage,
                virtualCluster,
                storageConfigName,
                localStorageMountPoint,
                containerStorageMountPoint,
                template,
                requestTimeout,
                statusInterval);
    }

    private static String text(Map<String, Object> fields, String name) {
        if (!(fields.get(name) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set (a string), got " + fields.get(name));
        }
        return value;
    }

    private static String stripTrailingSlashes(String path) {
        String stripped = path;
        while (stripped.length() > 1 && stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }
}
