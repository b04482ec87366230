package dev.sibyl.trainers.openpai;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job-protocol checks of {@link FakeOpenPaiServer}: the documented required fields of protocol version 2 for
 * the subset the stand-in runs (one task role with one instance), each failure a message naming the field, as
 * OpenPAI's {@code InvalidParametersError}.
 */
final class FakeProtocolCheck {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Set<String> PREREQUISITE_TYPES = Set.of("data", "script", "dockerimage", "output");

    private FakeProtocolCheck() {}

    /** Why the protocol is malformed, or empty when the stand-in can run it. */
    static Optional<String> problem(Object document) {
        if (!(document instanceof Map<?, ?> protocol)) {
            return Optional.of("the job protocol must be a YAML mapping");
        }
        Object version = protocol.get("protocolVersion");
        if (!(Integer.valueOf(2).equals(version) || "2".equals(version))) {
            return Optional.of("protocolVersion must be 2, got " + version);
        }
        if (!(protocol.get("name") instanceof String name)
                || !NAME.matcher(name).matches()) {
            return Optional.of(
                    "name must match ^[a-zA-Z0-9_-]+$ (at most 255 characters), got " + protocol.get("name"));
        }
        if (!"job".equals(protocol.get("type"))) {
            return Optional.of("type must be job, got " + protocol.get("type"));
        }
        Optional<String> prerequisites = prerequisites(protocol.get("prerequisites"));
        if (prerequisites.isPresent()) {
            return prerequisites;
        }
        if (!(protocol.get("taskRoles") instanceof Map<?, ?> roles) || roles.isEmpty()) {
            return Optional.of("taskRoles is required and must map task role names to task roles");
        }
        if (roles.size() != 1) {
            return Optional.of("this stand-in runs exactly one task role, got " + roles.keySet());
        }
        Map.Entry<?, ?> role = roles.entrySet().iterator().next();
        return taskRole("taskRoles." + role.getKey(), role.getValue(), protocol.get("prerequisites"));
    }

    private static Optional<String> prerequisites(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            return Optional.of("prerequisites must be a list");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> prerequisite)
                    || !(prerequisite.get("name") instanceof String)
                    || !PREREQUISITE_TYPES.contains(prerequisite.get("type"))) {
                return Optional.of("each of prerequisites needs a name and a type (data, script, dockerimage, output)");
            }
            if ("dockerimage".equals(prerequisite.get("type")) && !(prerequisite.get("uri") instanceof String)) {
                return Optional.of("prerequisite " + prerequisite.get("name") + " of type dockerimage needs a uri");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> taskRole(String at, Object value, Object prerequisites) {
        if (!(value instanceof Map<?, ?> role)) {
            return Optional.of(at + " must be a mapping");
        }
        Object instances = role.get("instances");
        if (instances != null && !Integer.valueOf(1).equals(instances)) {
            return Optional.of(at + ".instances: this stand-in runs one instance, got " + instances);
        }
        if (!(role.get("dockerImage") instanceof String image)) {
            return Optional.of(at + ".dockerImage is required");
        }
        if (!declaresImage(prerequisites, image)) {
            return Optional.of(at + ".dockerImage " + image + " is not a dockerimage of prerequisites");
        }
        if (!(role.get("resourcePerInstance") instanceof Map<?, ?> resources)) {
            return Optional.of(at + ".resourcePerInstance is required");
        }
        for (String field : List.of("cpu", "memoryMB", "gpu")) {
            Object amount = resources.get(field);
            int least = "gpu".equals(field) ? 0 : 1;
            if (!(amount instanceof Integer number) || number < least) {
                return Optional.of(at + ".resourcePerInstance." + field + " must be an integer of at least " + least
                        + ", got " + amount);
            }
        }
        if (!(role.get("commands") instanceof List<?> commands)
                || commands.isEmpty()
                || !commands.stream().allMatch(String.class::isInstance)) {
            return Optional.of(at + ".commands must be a non-empty list of strings");
        }
        return Optional.empty();
    }

    private static boolean declaresImage(Object prerequisites, String image) {
        if (!(prerequisites instanceof List<?> list)) {
            return false;
        }
        return list.stream()
                .anyMatch(item -> item instanceof Map<?, ?> p
                        && image.equals(p.get("name"))
                        && "dockerimage".equals(p.get("type")));
    }
}
