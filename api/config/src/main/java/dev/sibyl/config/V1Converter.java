package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a legacy v1 config ({@code trainingServicePlatform}, {@code trial:}, {@code localConfig}, ...) into
 * the v2 mapping NNI's {@code convert.to_v2} produces (NNI-REFERENCE §1.9), which is then read like any v2
 * config. Dropped fields and fields NNI does not convert become warnings; shapes the conversion cannot read
 * are violations with v1 paths.
 *
 * <p>Where NNI's converter is known to produce a config its own v2 schema rejects, the conversion follows
 * the intent instead: a machine's {@code passphrase} becomes {@code sshPassphrase} (NNI writes {@code
 * passphrase}, an unknown v2 field), {@code maxTrialDuration} and kubeflow's {@code reuse} are carried over
 * (NNI leaves them behind), and OpenPAI's {@code virtualCluster} and frameworkcontroller's {@code
 * serviceAccountName} are written as null when absent (v2 requires the keys).
 */
final class V1Converter {
    private static final List<String> PLATFORMS =
            List.of("local", "remote", "pai", "aml", "kubeflow", "frameworkcontroller");
    private static final List<String> LEGACY_ONLY = List.of("adl", "dlts", "hybrid");

    private final List<String> warnings;
    private final List<Violation> violations = new ArrayList<>();

    private V1Converter(List<String> warnings) {
        this.warnings = warnings;
    }

    static boolean isV1(Map<String, Object> config) {
        return config.keySet().stream().anyMatch(k -> Field.fold(k).equals("trainingserviceplatform"));
    }

    /** @throws InvalidInputException when the v1 config cannot be converted */
    static Map<String, Object> toV2(Map<String, Object> config, List<String> warnings) {
        V1Converter converter = new V1Converter(warnings);
        Map<String, Object> v2 = converter.convert(converter.new Source(config, ""));
        if (!converter.violations.isEmpty()) {
            throw new InvalidInputException(converter.violations);
        }
        return v2;
    }

    private Map<String, Object> convert(Source v1) {
        Object platformValue = v1.take("trainingServicePlatform");
        String platform = platformValue instanceof String s ? s : null;
        if (platform != null && LEGACY_ONLY.contains(platform)) {
            violations.add(new Violation(
                    "trainingServicePlatform",
                    "v1 platform '" + platform + "' cannot be converted; write a v2 config"
                            + (platform.equals("hybrid") ? " with trainingService as a list" : "")));
            return Map.of();
        }
        if (platform == null || !PLATFORMS.contains(platform)) {
            violations.add(new Violation(
                    "trainingServicePlatform",
                    "must be one of " + String.join(", ", PLATFORMS) + ", got " + JsonTree.describe(platformValue)));
            return Map.of();
        }
        if (platform.equals("pai")) {
            platform = "openpai";
        }

        Map<String, Object> v2 = new LinkedHashMap<>();
        drop(v1, "authorName");
        move(v1, v2, "experimentName", "experimentName");
        drop(v1, "description");
        move(v1, v2, "trialConcurrency", "trialConcurrency");
        move(v1, v2, "maxExecDuration", "maxExperimentDuration");
        move(v1, v2, "maxTrialDuration", "maxTrialDuration");
        move(v1, v2, "maxTrialNum", "maxTrialNumber");
        move(v1, v2, "searchSpacePath", "searchSpaceFile");
        Object multiPhase = v1.take("multiPhase");
        if (multiPhase != null && !Boolean.FALSE.equals(multiPhase)) {
            violations.add(new Violation("multiPhase", "multi-phase experiments are no longer supported"));
        }
        drop(v1, "multiThread");
        move(v1, v2, "nniManagerIp", "nniManagerIp");
        move(v1, v2, "logDir", "experimentWorkingDirectory");
        move(v1, v2, "debug", "debug");
        drop(v1, "versionCheck");
        move(v1, v2, "logLevel", "logLevel");
        drop(v1, "logCollection");
        move(v1, v2, "useAnnotation", "useAnnotation");

        Source trial = sub(v1, "trial");
        move(trial, v2, "command", "trialCommand");
        move(trial, v2, "codeDir", "trialCodeDirectory");
        move(trial, v2, "gpuNum", "trialGpuNumber");

        for (String type : List.of("tuner", "assessor", "advisor")) {
            Object algo = v1.take(type);
            if (algo instanceof Map<?, ?> m) {
                algorithm(type, new Source(m, type), v2);
            } else if (algo != null) {
                violations.add(new Violation(type, "must be a mapping, got " + JsonTree.describe(algo)));
            }
        }

        Map<String, Object> ts = new LinkedHashMap<>();
        ts.put("platform", platform);
        v2.put("trainingService", ts);
        switch (platform) {
            case "local":
                local(v1, ts);
                break;
            case "remote":
                remote(v1, ts);
                break;
            case "openpai":
                openpai(v1, trial, ts);
                break;
            case "aml":
                aml(v1, trial, ts);
                break;
            case "kubeflow":
                kubeflow(v1, trial, ts, v2);
                break;
            default:
                frameworkController(v1, trial, ts, v2);
                break;
        }

        if (v1.has("sharedStorage")) {
            Source storage = sub(v1, "sharedStorage");
            Map<String, Object> out = new LinkedHashMap<>();
            for (String f : List.of(
                    "storageType",
                    "nfsServer",
                    "exportedDirectory",
                    "localMountPoint",
                    "remoteMountPoint",
                    "localMounted",
                    "storageAccountName",
                    "storageAccountKey",
                    "containerName")) {
                move(storage, out, f, f);
            }
            storage.leftovers();
            if (!out.isEmpty()) {
                v2.put("sharedStorage", out);
            }
        }
        trial.leftovers();
        v1.leftovers();
        return v2;
    }

    private void algorithm(String type, Source algo, Map<String, Object> v2) {
        Map<String, Object> out = new LinkedHashMap<>();
        String builtinKey = "builtin" + type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1) + "Name";
        Object builtin = algo.take(builtinKey);
        if (builtin != null) {
            out.put("name", builtin);
        } else {
            Object codeDir = algo.take("codeDir");
            Object classFile = algo.take("classFileName");
            Object className = algo.take("className");
            if (codeDir == null && classFile == null && className == null) {
                violations.add(new Violation(
                        type + "." + builtinKey,
                        "is not set (give " + builtinKey + ", or codeDir, classFileName and className)"));
            } else {
                boolean ok = required(codeDir, type + ".codeDir") & required(className, type + ".className");
                if (!(classFile instanceof String file) || !file.endsWith(".py")) {
                    violations.add(new Violation(
                            type + ".classFileName", "must name a .py file, got " + JsonTree.describe(classFile)));
                } else if (ok) {
                    out.put("className", file.substring(0, file.length() - 3) + "." + className);
                    out.put("codeDirectory", codeDir);
                }
            }
        }
        if (algo.has("classArgs")) {
            out.put("classArgs", algo.take("classArgs"));
        }
        drop(algo, "includeIntermediateResults");
        move(algo, v2, "gpuIndices", "tunerGpuIndices");
        algo.leftovers();
        v2.put(type, out);
    }

    private void local(Source v1, Map<String, Object> ts) {
        Source local = sub(v1, "localConfig");
        move(local, ts, "gpuIndices", "gpuIndices");
        move(local, ts, "maxTrialNumPerGpu", "maxTrialNumberPerGpu");
        move(local, ts, "useActiveGpu", "useActiveGpu");
        local.leftovers();
    }

    private void remote(Source v1, Map<String, Object> ts) {
        Source remote = sub(v1, "remoteConfig");
        move(remote, ts, "reuse", "reuseMode");
        remote.leftovers();
        Object list = v1.take("machineList");
        if (!(list instanceof List<?> machines)) {
            violations.add(new Violation(
                    "machineList",
                    list == null ? "is not set (a remote config lists its machines)" : "must be a list of machines"));
            return;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < machines.size(); i++) {
            Source machine = sub(machines.get(i), "machineList[" + i + "]");
            Map<String, Object> m = new LinkedHashMap<>();
            move(machine, m, "ip", "host");
            move(machine, m, "port", "port");
            move(machine, m, "username", "user");
            move(machine, m, "sshKeyPath", "sshKeyFile");
            move(machine, m, "passphrase", "sshPassphrase");
            move(machine, m, "gpuIndices", "gpuIndices");
            move(machine, m, "maxTrialNumPerGpu", "maxTrialNumberPerGpu");
            move(machine, m, "useActiveGpu", "useActiveGpu");
            move(machine, m, "pythonPath", "pythonPath");
            move(machine, m, "passwd", "password");
            machine.leftovers();
            out.add(m);
        }
        ts.put("machineList", out);
    }

    private void openpai(Source v1, Source trial, Map<String, Object> ts) {
        move(trial, ts, "nniManagerNFSMountPath", "localStorageMountPoint");
        move(trial, ts, "containerNFSMountPath", "containerStorageMountPoint");
        move(trial, ts, "cpuNum", "trialCpuNumber");
        move(trial, ts, "memoryMB", "trialMemorySize");
        move(trial, ts, "image", "dockerImage");
        move(trial, ts, "virtualCluster", "virtualCluster");
        move(trial, ts, "paiStorageConfigName", "storageConfigName");
        move(trial, ts, "paiConfigPath", "openpaiConfigFile");
        if (!v1.has("paiConfig")) {
            violations.add(new Violation("paiConfig", "is not set"));
            return;
        }
        Source pai = sub(v1, "paiConfig");
        move(pai, ts, "userName", "username");
        drop(pai, "password");
        move(pai, ts, "token", "token");
        move(pai, ts, "host", "host");
        move(pai, ts, "reuse", "reuseMode");
        move(pai, ts, "gpuNum", "trialGpuNumber");
        move(pai, ts, "cpuNum", "trialCpuNumber");
        move(pai, ts, "memoryMB", "trialMemorySize");
        drop(pai, "maxTrialNumPerGpu");
        drop(pai, "useActiveGpu");
        pai.leftovers();
        ts.putIfAbsent("virtualCluster", null);
    }

    private void aml(Source v1, Source trial, Map<String, Object> ts) {
        move(trial, ts, "image", "dockerImage");
        Source aml = sub(v1, "amlConfig");
        move(aml, ts, "subscriptionId", "subscriptionId");
        move(aml, ts, "resourceGroup", "resourceGroup");
        move(aml, ts, "workspaceName", "workspaceName");
        move(aml, ts, "computeTarget", "computeTarget");
        move(aml, ts, "maxTrialNumPerGpu", "maxTrialNumberPerGpu");
        drop(aml, "useActiveGpu");
        aml.leftovers();
    }

    private void kubeflow(Source v1, Source trial, Map<String, Object> ts, Map<String, Object> v2) {
        if (!v1.has("kubeflowConfig")) {
            violations.add(new Violation("kubeflowConfig", "is not set"));
            return;
        }
        Source kf = sub(v1, "kubeflowConfig");
        move(kf, ts, "operator", "operator");
        move(kf, ts, "apiVersion", "apiVersion");
        move(kf, ts, "reuse", "reuseMode");
        k8sStorage(kf, ts);
        kf.leftovers();
        drop(trial, "nasMode");
        for (String role : List.of("worker", "ps", "master")) {
            if (!trial.has(role)) {
                continue;
            }
            Source r = sub(trial, role);
            Map<String, Object> out = new LinkedHashMap<>();
            move(r, out, "replicas", "replicas");
            move(r, out, "command", "command");
            move(r, out, "gpuNum", "gpuNumber");
            move(r, out, "cpuNum", "cpuNumber");
            move(r, out, "memoryMB", "memorySize");
            move(r, out, "image", "dockerImage");
            drop(r, "privateRegistryAuthPath");
            if (v2.get("trialCodeDirectory") != null) {
                out.put("codeDirectory", v2.get("trialCodeDirectory"));
            }
            r.leftovers();
            ts.put(role, out);
        }
    }

    private void frameworkController(Source v1, Source trial, Map<String, Object> ts, Map<String, Object> v2) {
        if (!v1.has("frameworkcontrollerConfig")) {
            violations.add(new Violation("frameworkcontrollerConfig", "is not set"));
            return;
        }
        Source fc = sub(v1, "frameworkcontrollerConfig");
        move(fc, ts, "serviceAccountName", "serviceAccountName");
        ts.putIfAbsent("serviceAccountName", null);
        move(fc, ts, "reuse", "reuseMode");
        k8sStorage(fc, ts);
        fc.leftovers();
        drop(trial, "nasMode");
        Object roles = trial.take("taskRoles");
        if (roles != null && !(roles instanceof List<?>)) {
            violations.add(new Violation("trial.taskRoles", "must be a list"));
            return;
        }
        List<Object> out = new ArrayList<>();
        List<?> list = roles == null ? List.of() : (List<?>) roles;
        for (int i = 0; i < list.size(); i++) {
            String at = "trial.taskRoles[" + i + "]";
            Source r = sub(list.get(i), at);
            Map<String, Object> role = new LinkedHashMap<>();
            move(r, role, "name", "name");
            move(r, role, "taskNum", "taskNumber");
            if (r.has("frameworkControllerCompletionPolicy")) {
                Source policy = sub(r, "frameworkControllerCompletionPolicy");
                Map<String, Object> p = new LinkedHashMap<>();
                move(policy, p, "minFailedTaskCount", "minFailedTaskCount");
                move(policy, p, "minSucceededTaskCount", "minSucceedTaskCount");
                policy.leftovers();
                role.put("frameworkAttemptCompletionPolicy", p);
            }
            move(r, role, "command", "command");
            move(r, role, "gpuNum", "gpuNumber");
            move(r, role, "cpuNum", "cpuNumber");
            move(r, role, "memoryMB", "memorySize");
            move(r, role, "image", "dockerImage");
            drop(r, "privateRegistryAuthPath");
            r.leftovers();
            out.add(role);
            // NNI's manager needs a top-level command even though every role has its own
            if (v2.get("trialCommand") == null && role.get("command") != null) {
                v2.put("trialCommand", role.get("command"));
            }
        }
        ts.put("taskRoles", out);
    }

    private void k8sStorage(Source config, Map<String, Object> ts) {
        Object name = config.take("storage");
        if (name == null) {
            name = config.has("nfs") ? "nfs" : "azureStorage";
        }
        Map<String, Object> storage = new LinkedHashMap<>();
        if ("nfs".equals(name)) {
            Source nfs = sub(config, "nfs");
            storage.put("storageType", "nfs");
            move(nfs, storage, "server", "server");
            move(nfs, storage, "path", "path");
            nfs.leftovers();
        } else if ("azureStorage".equals(name)) {
            Source vault = sub(config, "keyVault");
            Source azure = sub(config, "azureStorage");
            storage.put("storageType", "azureStorage");
            move(azure, storage, "accountName", "azureAccount");
            move(azure, storage, "azureShare", "azureShare");
            move(vault, storage, "vaultName", "keyVaultName");
            move(vault, storage, "name", "keyVaultKey");
            vault.leftovers();
            azure.leftovers();
            drop(config, "uploadRetryCount");
        } else {
            violations.add(new Violation(
                    Section.join(config.path, "storage"),
                    "must be nfs or azureStorage to be converted, got " + JsonTree.describe(name)));
            return;
        }
        ts.put("storage", storage);
    }

    private boolean required(Object value, String path) {
        if (value == null) {
            violations.add(new Violation(path, "is not set"));
            return false;
        }
        return true;
    }

    private void move(Source from, Map<String, Object> to, String v1Key, String v2Key) {
        Object value = from.take(v1Key);
        if (value != null) {
            to.put(v2Key, value);
        }
    }

    private void drop(Source from, String key) {
        if (from.has(key)) {
            from.take(key);
            warnings.add(Section.join(from.path, key) + ": no longer supported; dropped from the converted config");
        }
    }

    private Source sub(Source parent, String key) {
        return sub(parent.take(key), Section.join(parent.path, key));
    }

    private Source sub(Object value, String path) {
        if (value == null) {
            return new Source(Map.of(), path);
        }
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation(path, "must be a mapping, got " + JsonTree.describe(value)));
            return new Source(Map.of(), path);
        }
        return new Source(map, path);
    }

    /** A v1 mapping being taken apart; keys match as in v2 (case- and underscore-insensitively). */
    private final class Source {
        private final Map<String, Object> map;
        private final String path;

        Source(Map<?, ?> map, String path) {
            this.map = JsonTree.stringKeys(map);
            this.path = path;
        }

        boolean has(String key) {
            return map.keySet().stream().anyMatch(k -> Field.fold(k).equals(Field.fold(key)));
        }

        /** Removes every spelling of {@code key}; the value of the last one, or null. */
        Object take(String key) {
            Object value = null;
            for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Object> e = it.next();
                if (Field.fold(e.getKey()).equals(Field.fold(key))) {
                    value = e.getValue();
                    it.remove();
                }
            }
            return value;
        }

        /** A warning for every field nobody took. */
        void leftovers() {
            for (String key : map.keySet()) {
                warnings.add(Section.join(path, key) + ": not converted from v1; ignored");
            }
        }
    }
}
