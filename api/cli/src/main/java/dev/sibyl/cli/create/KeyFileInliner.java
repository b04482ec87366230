package dev.sibyl.cli.create;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NNI's remote machines name their private key by file ({@code sshKeyFile}); a hosted server cannot read files on
 * the user's machine (and must not read its own), so the CLI sends the key's text as {@code sshKey} instead. The
 * server seals it before storing it and never shows it. Entries with a password keep it and lose the key file,
 * as NNI does.
 */
final class KeyFileInliner {
    private KeyFileInliner() {}

    /**
     * The config text to send: {@code text} unchanged when no machine names a key file, else the config as JSON
     * with each key file's content inlined.
     *
     * @throws InvalidConfigFileException when a key file cannot be read
     */
    static String inline(JsonNode root, String text, Path base, Path home) {
        boolean changed = false;
        JsonNode services = root.get("trainingService");
        if (services != null && services.isArray()) {
            for (JsonNode service : services) {
                changed |= inlineMachines(service, base, home);
            }
        } else if (services != null) {
            changed = inlineMachines(services, base, home);
        }
        if (!changed) {
            return text;
        }
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean inlineMachines(JsonNode service, Path base, Path home) {
        JsonNode machines = service.get("machineList");
        if (machines == null || !machines.isArray()) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < machines.size(); i++) {
            if (!(machines.get(i) instanceof ObjectNode machine) || !machine.hasNonNull("sshKeyFile")) {
                continue;
            }
            if (machine.hasNonNull("password") || machine.hasNonNull("sshKey")) {
                continue;
            }
            String named = machine.get("sshKeyFile").asText();
            Path file = ExperimentFiles.resolvePath(named, base, home);
            try {
                machine.put("sshKey", Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidConfigFileException("trainingService.machineList[" + i + "].sshKeyFile: cannot read "
                        + file + " (" + e.getClass().getSimpleName() + ")");
            }
            machine.remove("sshKeyFile");
            changed = true;
        }
        return changed;
    }
}
