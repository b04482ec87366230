package dev.sibyl.trainers.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for {@code nvidia-smi}: an executable script named {@code nvidia-smi} that answers the two CSV
 * queries the service runs from files the test writes, so a test can add GPUs and busy processes.
 */
final class FakeNvidiaSmi {
    private final Path directory;
    private final Path bin;

    FakeNvidiaSmi(Path directory) throws IOException {
        this.directory = directory;
        this.bin = Files.createDirectories(directory.resolve("bin"));
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(
                script,
                "#!/bin/bash\n"
                        + "# Test stand-in for nvidia-smi.\n"
                        + "case \"$1\" in\n"
                        + "  --query-gpu=index,uuid,utilization.gpu,memory.used) cat '" + directory.resolve("gpus.csv")
                        + "' ;;\n"
                        + "  --query-compute-apps=gpu_uuid,pid) cat '" + directory.resolve("apps.csv") + "' ;;\n"
                        + "  *) echo \"unsupported arguments: $*\" >&2; exit 2 ;;\n"
                        + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        gpus(0);
        Files.writeString(directory.resolve("apps.csv"), "");
    }

    /** Reports {@code count} idle GPUs, indices 0..count-1, UUIDs GPU-0... */
    FakeNvidiaSmi gpus(int count) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < count; i++) {
            csv.append(i)
                    .append(", GPU-")
                    .append(i)
                    .append(", 0, ")
                    .append(10 * i)
                    .append('\n');
        }
        Files.writeString(directory.resolve("gpus.csv"), csv.toString());
        return this;
    }

    /** Reports a compute process {@code pid} on GPU {@code index}. */
    FakeNvidiaSmi process(int index, long pid) throws IOException {
        Files.writeString(
                directory.resolve("apps.csv"),
                "GPU-" + index + ", " + pid + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    FakeNvidiaSmi noProcesses() throws IOException {
        Files.writeString(directory.resolve("apps.csv"), "");
        return this;
    }

    /** The JVM's environment with this stand-in first on PATH. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        return env;
    }

    /** The JVM's environment with no nvidia-smi on PATH at all. */
    static Map<String, String> environmentWithoutNvidiaSmi() {
        Map<String, String> env = new HashMap<>(System.getenv());
        StringBuilder path = new StringBuilder();
        for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Files.exists(Path.of(entry, "nvidia-smi"))) {
                path.append(path.length() == 0 ? "" : File.pathSeparator).append(entry);
            }
        }
        env.put("PATH", path.toString());
        return env;
    }
}
