package dev.sibyl.trainers.openpai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sibyl.trainers.core.TrainerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenPAI job protocol (version 2) of one trial, as NNI submitted it: one task role {@code taskrole} with one
 * instance running the trial's job command in the pool's docker image, with {@code resourcePerInstance} {gpu, cpu,
 * memoryMB}, the virtual cluster in {@code defaults} and the shared storage named in {@code extras.storages}.
 *
 * <p>With a template ({@code openpaiConfig}) the template is the starting point, as in NNI: its name is replaced,
 * its one task role runs the trial's command, and the storage and virtual cluster are added when it names none.
 * Whatever else is wrong with a template is for the OpenPAI server to say.
 */
final class JobProtocol {
    static final String TASK_ROLE = "taskrole";
    private static final String IMAGE = "image";
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private JobProtocol() {}

    /** The protocol as YAML, the body of {@code POST /rest-server/api/v2/jobs}. */
    static String yaml(OpenPaiSettings settings, String jobName, String command, int gpuNumber) {
        Map<String, Object> protocol = settings.protocolTemplate() == null
                ? fresh(settings, jobName, command, gpuNumber)
                : fromTemplate(settings, jobName, command);
        try {
            return YAML.writeValueAsString(protocol);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job protocol as YAML", e);
        }
    }

    /** Reads {@code openpaiConfigFile}. */
    static Map<String, Object> readTemplate(Path file) {
        try {
            return YAML.readValue(Files.readString(file), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenPAI job protocol " + file, e);
        }
    }

    private static Map<String, Object> fresh(OpenPaiSettings settings, String jobName, String command, int gpus) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("gpu", gpus);
        resources.put("cpu", settings.trialCpuNumber());
        resources.put("memoryMB", settings.trialMemoryMB());
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("instances", 1);
        role.put("taskRetryCount", 0);
        role.put("dockerImage", IMAGE);
        role.put("resourcePerInstance", resources);
        role.put("commands", List.of(command));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("protocolVersion", 2);
        protocol.put("name", jobName);
        protocol.put("type", "job");
        protocol.put("jobRetryCount", 0);
        protocol.put(
                "prerequisites", List.of(Map.of("type", "dockerimage", "name", IMAGE, "uri", settings.dockerImage())));
        protocol.put("taskRoles", Map.of(TASK_ROLE, role));
        if (settings.virtualCluster() != null) {
            protocol.put("defaults", Map.of("virtualCluster", settings.virtualCluster()));
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("storages", List.of(Map.of("name", settings.storageConfigName())));
        extras.put("submitFrom", "sibyl");
        protocol.put("extras", extras);
        return protocol;
    }

    private static Map<String, Object> fromTemplate(OpenPaiSettings settings, String jobName, String command) {
        Map<String, Object> protocol = mutableCopy(settings.protocolTemplate());
        protocol.put("name", jobName);
        if (protocol.get("taskRoles") instanceof Map<?, ?> roles) {
            if (roles.size() != 1) {
                throw new TrainerException(
                        TrainerException.Kind.REJECTED,
                        "openpaiConfig.taskRoles must hold exactly one task role (one trial is one process), found "
                                + roles.keySet());
            }
            Object role = roles.values().iterator().next();
            if (role instanceof Map<?, ?> fields) {
                Object instances = fields.get("instances");
                if (instances != null && !Integer.valueOf(1).equals(instances)) {
                    throw new TrainerException(
                            TrainerException.Kind.REJECTED,
                            "openpaiConfig.taskRoles."
                                    + roles.keySet().iterator().next()
                                    + ".instances must be 1 (one trial is one process), got " + instances);
                }
                asStringMap(fields).put("commands", List.of(command));
            }
        }
        if (!protocol.containsKey("defaults") && settings.virtualCluster() != null) {
            protocol.put("defaults", new LinkedHashMap<>(Map.of("virtualCluster", settings.virtualCluster())));
        }
        Object extras = protocol.computeIfAbsent("extras", key -> new LinkedHashMap<String, Object>());
        if (extras instanceof Map<?, ?> extraFields && !extraFields.containsKey("storages")) {
            asStringMap(extraFields).put("storages", List.of(Map.of("name", settings.storageConfigName())));
        }
        return protocol;
    }

    /** A deep copy whose maps and lists may be changed. */
    private static Map<String, Object> mutableCopy(Map<String, Object> template) {
        Map<String, Object> copy = new LinkedHashMap<>();
        template.forEach((key, value) -> copy.put(key, mutableValue(value)));
        return copy;
    }

    private static Object mutableValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> copy.put(String.valueOf(key), mutableValue(inner)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(inner -> copy.add(mutableValue(inner)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
