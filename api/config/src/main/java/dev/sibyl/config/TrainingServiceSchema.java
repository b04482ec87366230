package dev.sibyl.config;

import dev.sibyl.config.Field.Kind;
import dev.sibyl.tuner.spi.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code trainingService} platforms of NNI v2 ({@code nni/experiment/config/training_services}), their
 * fields in NNI's order, and the rules that need several fields or the shortcut values copied down from the
 * top level.
 */
final class TrainingServiceSchema {
    /** Top-level fields copied into every training service that does not set them. */
    static final List<String> SHORTCUTS =
            List.of("trialCommand", "trialCodeDirectory", "trialGpuNumber", "nniManagerIp", "debug");

    static final String DEFAULT_IMAGE = "msranni/nni:latest";

    /** The names pools may have (the same rule as the pool API's). */
    static final java.util.regex.Pattern POOL_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private static final Section COMMON = Section.of(
            Field.string("platform").required(),
            Field.string("trialCommand"),
            Field.string("trialCodeDirectory"),
            Field.integer("trialGpuNumber").atLeast(0),
            Field.string("nniManagerIp"),
            Field.bool("debug"));

    private static final Section REMOTE_MACHINE = Section.of(
            // Sibyl: the machine's name in its pool (default host:port)
            Field.string("name"),
            Field.string("host").required(),
            Field.integer("port").between(1, 65535).defaultTo(22),
            Field.string("user").required(),
            Field.string("password"),
            Field.string("sshKeyFile"),
            // Sibyl: the private key itself (the CLI reads sshKeyFile on the user's machine and sends it here)
            Field.string("sshKey"),
            Field.string("sshPassphrase"),
            Field.bool("useActiveGpu").defaultTo(false),
            Field.integer("maxTrialNumberPerGpu").atLeast(1).defaultTo(1),
            Field.of("gpuIndices", Kind.GPU_INDICES),
            Field.string("pythonPath"));

    private static final Section K8S_STORAGE = Section.of(
                    Field.string("storageType").required().oneOf("nfs", "azureStorage"),
                    Field.string("azureAccount"),
                    Field.string("azureShare"),
                    Field.string("keyVaultName"),
                    Field.string("keyVaultKey"),
                    Field.string("server"),
                    Field.string("path"))
            .withRule(TrainingServiceSchema::checkK8sStorage);

    private static final Section KUBEFLOW_ROLE = Section.of(
            Field.integer("replicas").required().atLeast(0),
            Field.string("command").required(),
            Field.integer("gpuNumber").atLeast(0).defaultTo(0),
            Field.integer("cpuNumber").required().atLeast(0),
            Field.of("memorySize", Kind.SIZE).required(),
            Field.string("dockerImage").defaultTo(DEFAULT_IMAGE),
            Field.string("codeDirectory").required());

    private static final Section COMPLETION_POLICY = Section.of(
            Field.integer("minFailedTaskCount").required(),
            Field.integer("minSucceedTaskCount").required());

    private static final Section FRAMEWORK_ROLE = Section.of(
            Field.string("name").required(),
            Field.string("dockerImage").defaultTo(DEFAULT_IMAGE),
            Field.integer("taskNumber").required().atLeast(1),
            Field.string("command").required(),
            Field.integer("gpuNumber").required().atLeast(0),
            Field.integer("cpuNumber").required().atLeast(0),
            Field.of("memorySize", Kind.SIZE).required(),
            Field.section("frameworkAttemptCompletionPolicy", COMPLETION_POLICY).required());

    private TrainingServiceSchema() {}

    /** What a platform rule may look at and change: one entry after the shortcut fields were copied down. */
    interface Entry {
        /** The entry's fields (mutable): read values, shortcut values copied down, no defaults yet. */
        Map<String, Object> values();

        /** The path of this entry, e.g. {@code trainingService} or {@code trainingService[1]}. */
        String path();

        /** Where a violation about a shortcut field should point: the top level when it was set there. */
        String shortcutPath(String field);

        void violation(String field, String message);

        void warning(String message);
    }

    enum Platform {
        LOCAL(
                "local",
                true,
                COMMON.plus(
                        Field.bool("useActiveGpu"),
                        Field.integer("maxTrialNumberPerGpu").atLeast(1).defaultTo(1),
                        Field.of("gpuIndices", Kind.GPU_INDICES),
                        Field.bool("reuseMode").defaultTo(false))) {
            @Override
            void check(Entry e) {
                Integer gpus = (Integer) e.values().get("trialGpuNumber");
                if (gpus != null && gpus > 0 && e.values().get("useActiveGpu") == null) {
                    e.violation(
                            Section.join(e.path(), "useActiveGpu"),
                            "must be set when trialGpuNumber > 0: true if the machine has a desktop or other"
                                    + " programs using the GPUs, false to wait for idle GPUs");
                }
                Object perGpu = e.values().get("maxTrialNumberPerGpu");
                if ((gpus == null || gpus == 0) && perGpu != null && !perGpu.equals(1)) {
                    e.violation(
                            Section.join(e.path(), "maxTrialNumberPerGpu"), "does not work without trialGpuNumber > 0");
                }
                // the local platform runs next to the manager; NNI forces this to null
                e.values().remove("nniManagerIp");
            }
        },
        /** Sibyl's extension: a pool the platform admin defined, by name (its kind decides how trials run). */
        POOL(
                "pool",
                true,
                COMMON.plus(
                        Field.string("pool").required(),
                        Field.bool("useActiveGpu").defaultTo(false),
                        Field.integer("maxTrialNumberPerGpu").atLeast(1).defaultTo(1))) {
            @Override
            void check(Entry e) {
                if (e.values().get("pool") instanceof String name
                        && !POOL_NAME.matcher(name).matches()) {
                    e.violation(
                            Section.join(e.path(), "pool"),
                            "must be a pool name (a lower-case letter, then up to 62 of a-z 0-9 -), got '" + name
                                    + "'");
                }
            }
        },
        REMOTE(
                "remote",
                true,
                COMMON.plus(
                        Field.sectionList("machineList", REMOTE_MACHINE).required(),
                        Field.bool("reuseMode").defaultTo(false),
                        // Sibyl: false when the machines cannot reach the server (metrics by file channel)
                        Field.bool("httpChannel"))) {
            @Override
            @SuppressWarnings("unchecked")
            void check(Entry e) {
                List<Map<String, Object>> machines =
                        (List<Map<String, Object>>) e.values().get("machineList");
                if (machines == null) {
                    return;
                }
                if (machines.isEmpty()) {
                    e.violation(Section.join(e.path(), "machineList"), "must list at least one machine");
                }
                Integer gpus = (Integer) e.values().get("trialGpuNumber");
                for (int i = 0; i < machines.size(); i++) {
                    Map<String, Object> machine = machines.get(i);
                    String at = Section.join(e.path(), "machineList") + "[" + i + "]";
                    Object perGpu = machine.get("maxTrialNumberPerGpu");
                    if ((gpus == null || gpus == 0) && perGpu != null && !perGpu.equals(1)) {
                        e.violation(at + ".maxTrialNumberPerGpu", "does not work without trialGpuNumber > 0");
                    }
                    if (machine.get("password") != null) {
                        machine.remove("sshKeyFile");
                    }
                }
            }
        },
        OPENPAI(
                "openpai",
                true,
                COMMON.plus(
                        Field.string("host").required(),
                        Field.string("username").required(),
                        Field.string("token").required(),
                        Field.integer("trialCpuNumber").required().atLeast(1),
                        Field.of("trialMemorySize", Kind.SIZE).required(),
                        Field.string("storageConfigName").required(),
                        Field.string("dockerImage").defaultTo(DEFAULT_IMAGE),
                        Field.string("virtualCluster").keyRequired(),
                        Field.string("localStorageMountPoint").required(),
                        Field.string("containerStorageMountPoint").required(),
                        Field.bool("reuseMode").defaultTo(true),
                        Field.of("openpaiConfig", Kind.DICT),
                        Field.string("openpaiConfigFile"))) {
            @Override
            void check(Entry e) {
                if (e.values().get("trialGpuNumber") == null) {
                    e.violation(e.shortcutPath("trialGpuNumber"), "is not set (OpenPAI needs it)");
                }
                if (e.values().get("openpaiConfig") != null && e.values().get("openpaiConfigFile") != null) {
                    e.violation(
                            Section.join(e.path(), "openpaiConfigFile"), "cannot be set together with openpaiConfig");
                }
                if (e.values().get("host") instanceof String host && !host.contains("://")) {
                    e.values().put("host", "https://" + host);
                }
            }
        },
        AML(
                "aml",
                true,
                COMMON.plus(
                        Field.string("subscriptionId").required(),
                        Field.string("resourceGroup").required(),
                        Field.string("workspaceName").required(),
                        Field.string("computeTarget").required(),
                        Field.string("dockerImage").defaultTo(DEFAULT_IMAGE),
                        Field.integer("maxTrialNumberPerGpu").atLeast(1).defaultTo(1))),
        DLC(
                "dlc",
                true,
                COMMON.plus(
                        Field.string("type").defaultTo("Worker"),
                        Field.string("image").required(),
                        Field.string("jobType").defaultTo("TFJob"),
                        Field.integer("podCount").required().atLeast(1),
                        Field.string("ecsSpec").required(),
                        Field.string("region").required(),
                        Field.string("workspaceId").required(),
                        Field.string("nasDataSourceId").required(),
                        Field.string("ossDataSourceId"),
                        Field.string("accessKeyId").required(),
                        Field.string("accessKeySecret").required(),
                        Field.string("localStorageMountPoint").required(),
                        Field.string("containerStorageMountPoint").required())),
        KUBEFLOW(
                "kubeflow",
                false,
                COMMON.plus(
                        Field.string("operator").required().oneOf("tf-operator", "pytorch-operator"),
                        Field.string("apiVersion").required(),
                        Field.section("storage", K8S_STORAGE).required(),
                        Field.section("worker", KUBEFLOW_ROLE),
                        Field.section("ps", KUBEFLOW_ROLE),
                        Field.section("master", KUBEFLOW_ROLE),
                        Field.bool("reuseMode").defaultTo(true),
                        Field.string("namespace").defaultTo("default"))) {
            @Override
            void check(Entry e) {
                // the roles carry their own commands; NNI puts '' here
                e.values().putIfAbsent("trialCommand", "");
            }
        },
        FRAMEWORKCONTROLLER(
                "frameworkcontroller",
                false,
                COMMON.plus(
                        Field.section("storage", K8S_STORAGE).required(),
                        Field.string("serviceAccountName").keyRequired(),
                        Field.sectionList("taskRoles", FRAMEWORK_ROLE).required(),
                        Field.bool("reuseMode").defaultTo(true),
                        Field.string("namespace").defaultTo("default"))) {
            @Override
            void check(Entry e) {
                if (e.values().get("taskRoles") instanceof List<?> roles && roles.isEmpty()) {
                    e.violation(Section.join(e.path(), "taskRoles"), "must list at least one task role");
                }
                e.values().putIfAbsent("trialCommand", "");
            }
        };

        private final String id;
        private final boolean needsTrialCommand;
        private final Section section;

        Platform(String id, boolean needsTrialCommand, Section section) {
            this.id = id;
            this.needsTrialCommand = needsTrialCommand;
            this.section = section;
        }

        String id() {
            return id;
        }

        Section section() {
            return section;
        }

        boolean needsTrialCommand() {
            return needsTrialCommand;
        }

        /** Rules over several fields; may canonicalize values in place. */
        void check(Entry e) {}

        static Optional<Platform> byId(String id) {
            return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
        }

        static String ids() {
            return String.join(", ", Arrays.stream(values()).map(Platform::id).toList());
        }
    }

    static void requireAll(Map<String, Object> values, String path, List<Violation> out, String... fields) {
        for (String f : fields) {
            if (values.get(f) == null) {
                out.add(new Violation(Section.join(path, f), "is not set"));
            }
        }
    }

    private static void checkK8sStorage(Map<String, Object> values, String path, List<Violation> out) {
        List<String> nfs = List.of("server", "path");
        List<String> azure = List.of("azureAccount", "azureShare", "keyVaultName", "keyVaultKey");
        boolean isNfs = "nfs".equals(values.get("storageType"));
        if (isNfs) {
            requireAll(values, path, out, "server", "path");
        } else {
            requireAll(values, path, out, "azureAccount", "azureShare", "keyVaultName", "keyVaultKey");
        }
        for (String f : isNfs ? azure : nfs) {
            if (values.get(f) != null) {
                out.add(new Violation(
                        Section.join(path, f), "must not be set when storageType is " + values.get("storageType")));
            }
        }
    }
}
