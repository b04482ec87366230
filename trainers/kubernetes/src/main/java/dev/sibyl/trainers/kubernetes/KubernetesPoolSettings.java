package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrainerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes pool: the namespace its trials run in and how their pods look. Every problem is a
 * {@link TrainerException.Kind#REJECTED} naming the setting at fault ({@code cpu}, {@code tolerations[1].effect}).
 *
 * @param namespace where Jobs are created (a DNS-1123 label)
 * @param image the trial container's image; it must provide {@code bash} (and Python with {@code nni} for NNI code)
 * @param kind a batch Job, or a PyTorchJob / TFJob (NNI's {@code operator}: {@code pytorch-operator}, {@code tf-operator})
 * @param kubeflowApiVersion version of {@code kubeflow.org} for PyTorchJob / TFJob (NNI's {@code apiVersion})
 * @param workerReplicas Kubeflow only: Worker replicas (PyTorchJob: besides its one Master; TFJob: at least 1)
 * @param psReplicas TFJob only: parameter-server replicas
 * @param cpu CPU request and limit of the trial container (a Kubernetes quantity), or null
 * @param memory memory request and limit of the trial container (a Kubernetes quantity), or null
 * @param nodeSelector labels a node must carry to run trials
 * @param tolerations taints trial pods tolerate
 * @param imagePullSecrets names of Secrets in the namespace used to pull the images
 * @param serviceAccountName the pods' service account, or null: then no API token is mounted into trial pods
 * @param codeFetcherImage the init container's image (needs {@code sh}, {@code wget} or {@code curl}, {@code tar})
 * @param codeUrlValidity how long the signed code URL stays valid; a pod still unscheduled after that fails
 */
public record KubernetesPoolSettings(
        String namespace,
        String image,
        WorkloadKind kind,
        String kubeflowApiVersion,
        int workerReplicas,
        int psReplicas,
        String cpu,
        String memory,
        Map<String, String> nodeSelector,
        List<TolerationSetting> tolerations,
        List<String> imagePullSecrets,
        String serviceAccountName,
        String codeFetcherImage,
        Duration codeUrlValidity) {

    static final String DEFAULT_CODE_FETCHER_IMAGE = "busybox:1.36";
    static final Duration DEFAULT_CODE_URL_VALIDITY = Duration.ofHours(1);

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    // Kubernetes resource quantity: a non-negative decimal with an optional binary, decimal or exponent suffix.
    private static final Pattern QUANTITY =
            Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\\d+)?");
    private static final Pattern QUALIFIED_NAME =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Set<String> KEYS = Set.of(
            "namespace",
            "image",
            "operator",
            "apiVersion",
            "workerReplicas",
            "psReplicas",
            "cpu",
            "memory",
            "nodeSelector",
            "tolerations",
            "imagePullSecrets",
            "serviceAccountName",
            "codeFetcherImage",
            "codeUrlValiditySeconds");

    /** One toleration of the trial pods, as in a pod spec. */
    public record TolerationSetting(String key, String operator, String value, String effect, Long tolerationSeconds) {
        private static final Set<String> OPERATORS = Set.of("Equal", "Exists");
        private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

        void check(String field) {
            if (operator != null && !OPERATORS.contains(operator)) {
                throw rejected(field + ".operator", "must be Equal or Exists, got '" + operator + "'");
            }
            if ("Exists".equals(operator) && value != null) {
                throw rejected(field + ".value", "must be empty when operator is Exists");
            }
            if (key == null && !"Exists".equals(operator)) {
                throw rejected(field + ".key", "is required unless operator is Exists");
            }
            if (key != null && !QUALIFIED_NAME.matcher(key).matches()) {
                throw rejected(field + ".key", "'" + key + "' is not a valid label key");
            }
            if (effect != null && !EFFECTS.contains(effect)) {
                throw rejected(
                        field + ".effect", "must be NoSchedule, PreferNoSchedule or NoExecute, got '" + effect + "'");
            }
            if (tolerationSeconds != null && !"NoExecute".equals(effect)) {
                throw rejected(field + ".tolerationSeconds", "applies only to effect NoExecute");
            }
        }
    }

    public KubernetesPoolSettings {
        namespace = required("namespace", namespace);
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw rejected("namespace", "'" + namespace + "' is not a DNS-1123 label");
        }
        image = required("image", image);
        Objects.requireNonNull(kind, "kind");
        kubeflowApiVersion = kubeflowApiVersion == null ? "v1" : kubeflowApiVersion;
        if (!DNS_LABEL.matcher(kubeflowApiVersion).matches()) {
            throw rejected("apiVersion", "'" + kubeflowApiVersion + "' is not a Kubeflow API version such as v1");
        }
        if (workerReplicas < 0 || (kind == WorkloadKind.TF_JOB && workerReplicas < 1)) {
            throw rejected(
                    "workerReplicas",
                    "must be at least " + (kind == WorkloadKind.TF_JOB ? 1 : 0) + ", got " + workerReplicas);
        }
        if (kind == WorkloadKind.JOB && workerReplicas > 0) {
            throw rejected("workerReplicas", "applies only to operator pytorch-operator or tf-operator");
        }
        if (psReplicas < 0 || (psReplicas > 0 && kind != WorkloadKind.TF_JOB)) {
            throw rejected("psReplicas", "applies only to operator tf-operator and must not be negative");
        }
        checkQuantity("cpu", cpu);
        checkQuantity("memory", memory);
        nodeSelector = Map.copyOf(nodeSelector == null ? Map.of() : nodeSelector);
        nodeSelector.forEach((k, v) -> {
            if (!QUALIFIED_NAME.matcher(k).matches()) {
                throw rejected("nodeSelector", "'" + k + "' is not a valid label key");
            }
            if (!LABEL_VALUE.matcher(v).matches()) {
                throw rejected("nodeSelector." + k, "'" + v + "' is not a valid label value");
            }
        });
        tolerations = List.copyOf(tolerations == null ? List.of() : tolerations);
        for (int i = 0; i < tolerations.size(); i++) {
            tolerations.get(i).check("tolerations[" + i + "]");
        }
        imagePullSecrets = List.copyOf(imagePullSecrets == null ? List.of() : imagePullSecrets);
        for (int i = 0; i < imagePullSecrets.size(); i++) {
            if (!DNS_SUBDOMAIN.matcher(imagePullSecrets.get(i)).matches()) {
                throw rejected("imagePullSecrets[" + i + "]", "'" + imagePullSecrets.get(i) + "' is not a Secret name");
            }
        }
        if (serviceAccountName != null
                && !DNS_SUBDOMAIN.matcher(serviceAccountName).matches()) {
            throw rejected("serviceAccountName", "'" + serviceAccountName + "' is not a service account name");
        }
        codeFetcherImage =
                codeFetcherImage == null ? DEFAULT_CODE_FETCHER_IMAGE : required("codeFetcherImage", codeFetcherImage);
        codeUrlValidity = codeUrlValidity == null ? DEFAULT_CODE_URL_VALIDITY : codeUrlValidity;
        if (codeUrlValidity.compareTo(Duration.ofMinutes(1)) < 0) {
            throw rejected("codeUrlValiditySeconds", "must be at least 60, got " + codeUrlValidity.toSeconds());
        }
    }

    /**
     * Reads a pool from its settings as they appear in a pool or NNI training-service config: {@code namespace},
     * {@code image} (or NNI's {@code dockerImage}), {@code operator}, {@code apiVersion}, {@code workerReplicas},
     * {@code psReplicas}, {@code cpu}, {@code memory}, {@code nodeSelector}, {@code tolerations},
     * {@code imagePullSecrets}, {@code serviceAccountName}, {@code codeFetcherImage}, {@code codeUrlValiditySeconds}.
     * Unknown keys are refused, so a misspelt setting never goes unnoticed.
     */
    public static KubernetesPoolSettings parse(Map<String, ?> settings) {
        Map<String, Object> values = new LinkedHashMap<>(settings);
        if (values.containsKey("dockerImage") && !values.containsKey("image")) {
            values.put("image", values.remove("dockerImage"));
        }
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw rejected(key, "is not a Kubernetes pool setting; known settings are " + KEYS);
            }
        }
        Long validity = optionalLong(values, "codeUrlValiditySeconds");
        return new KubernetesPoolSettings(
                string(values, "namespace"),
                string(values, "image"),
                kind(string(values, "operator")),
                string(values, "apiVersion"),
                intOr(values, "workerReplicas", kind(string(values, "operator")) == WorkloadKind.TF_JOB ? 1 : 0),
                intOr(values, "psReplicas", 0),
                quantity(values, "cpu"),
                quantity(values, "memory"),
                stringMap(values, "nodeSelector"),
                tolerations(values.get("tolerations")),
                stringList(values, "imagePullSecrets"),
                string(values, "serviceAccountName"),
                string(values, "codeFetcherImage"),
                validity == null ? null : Duration.ofSeconds(validity));
    }

    private static WorkloadKind kind(String operator) {
        if (operator == null) {
            return WorkloadKind.JOB;
        }
        for (WorkloadKind kind : WorkloadKind.values()) {
            if (operator.equals(kind.operator())) {
                return kind;
            }
        }
        throw rejected("operator", "must be pytorch-operator or tf-operator, got '" + operator + "'");
    }

    private static List<TolerationSetting> tolerations(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw rejected("tolerations", "must be a list");
        }
        List<TolerationSetting> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "tolerations[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw rejected(field, "must be an object with key, operator, value, effect, tolerationSeconds");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            raw.forEach((k, v) -> entry.put(String.valueOf(k), v));
            for (String key : entry.keySet()) {
                if (!Set.of("key", "operator", "value", "effect", "tolerationSeconds")
                        .contains(key)) {
                    throw rejected(field + "." + key, "is not a toleration field");
                }
            }
            result.add(new TolerationSetting(
                    string(entry, "key", field),
                    string(entry, "operator", field),
                    string(entry, "value", field),
                    string(entry, "effect", field),
                    optionalLong(entry, "tolerationSeconds", field)));
        }
        return result;
    }

    private static String string(Map<String, ?> values, String key) {
        return string(values, key, null);
    }

    private static String string(Map<String, ?> values, String key, String parent) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw rejected(name(parent, key), "must be a string, got " + value);
        }
        return text;
    }

    /** CPU and memory may be written as numbers (NNI's {@code cpuNumber: 2}); they are quantities either way. */
    private static String quantity(Map<String, ?> values, String key) {
        Object value = values.get(key);
        if (value instanceof Number number) {
            return number.toString();
        }
        return string(values, key);
    }

    private static int intOr(Map<String, ?> values, String key, int fallback) {
        Long value = optionalLong(values, key);
        if (value == null) {
            return fallback;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw rejected(key, "is out of range: " + value);
        }
        return value.intValue();
    }

    private static Long optionalLong(Map<String, ?> values, String key) {
        return optionalLong(values, key, null);
    }

    private static Long optionalLong(Map<String, ?> values, String key, String parent) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        throw rejected(name(parent, key), "must be a whole number, got " + value);
    }

    private static Map<String, String> stringMap(Map<String, ?> values, String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw rejected(key, "must be an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (!(v instanceof String text)) {
                throw rejected(key + "." + k, "must be a string, got " + v);
            }
            result.put(String.valueOf(k), text);
        });
        return result;
    }

    private static List<String> stringList(Map<String, ?> values, String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> raw)) {
            throw rejected(key, "must be a list of strings");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String text)) {
                throw rejected(key + "[" + i + "]", "must be a string, got " + raw.get(i));
            }
            result.add(text);
        }
        return result;
    }

    private static String name(String parent, String key) {
        return parent == null ? key : parent + "." + key;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw rejected(field, "is required");
        }
        return value.strip();
    }

    private static void checkQuantity(String field, String value) {
        if (value != null && !QUANTITY.matcher(value).matches()) {
            throw rejected(field, "'" + value + "' is not a Kubernetes quantity (for example 500m, 2, 4Gi)");
        }
    }

    static TrainerException rejected(String field, String problem) {
        return new TrainerException(TrainerException.Kind.REJECTED, field + ": " + problem);
    }
}
