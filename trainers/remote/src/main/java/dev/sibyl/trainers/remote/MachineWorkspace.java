package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.FileChannelRecords;
import dev.sibyl.trainers.core.LogName;
import dev.sibyl.trainers.core.MetricBatch;
import dev.sibyl.trainers.core.TrainerException;
import dev.sibyl.trainers.core.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One experiment's directory on one machine and the remote operations on it. Layout under the pool's remote
 * directory {@code <root>}:
 *
 * <pre>
 * sdk/&lt;digest&gt;/nni/...             the bundled trial SDK, once per machine
 * &lt;experiment&gt;/archives/&lt;digest&gt;.tar  the experiment's code, uploaded once
 * &lt;experiment&gt;/trials/&lt;trial&gt;/      a trial: parameter.cfg, code/, stdout, stderr, trial.log and .nni/ (the
 *                                   local trainer's files: env, command, run.sh, gpus, spawned, pid, state,
 *                                   cancel, error, metrics)
 * </pre>
 *
 * Thread-safe.
 */
final class MachineWorkspace {
    private final MachineLink link;
    private final String configuredRoot;
    private final String experimentId;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private volatile String root;
    private volatile boolean scanned;

    MachineWorkspace(MachineLink link, String configuredRoot, String experimentId) {
        this.link = link;
        this.configuredRoot = configuredRoot;
        this.experimentId = experimentId;
    }

    MachineLink link() {
        return link;
    }

    String name() {
        return link.name();
    }

    boolean scanned() {
        return scanned;
    }

    String trialDirectory(String trialId) {
        return experimentDirectory() + "/trials/" + trialId;
    }

    /** The trial ids with a directory in this experiment on the machine. */
    List<String> scan(Predicate<String> validTrialId) {
        String trials = experimentDirectory() + "/trials";
        List<String> found = link.sftp(sftp -> {
            List<String> ids = new ArrayList<>();
            if (size(sftp, trials) < 0) {
                return ids;
            }
            for (SftpClient.DirEntry entry : sftp.readDir(trials)) {
                if (entry.getAttributes().isDirectory() && validTrialId.test(entry.getFilename())) {
                    ids.add(entry.getFilename());
                }
            }
            return ids;
        });
        scanned = true;
        return found;
    }

    /** Uploads {@code archive} under {@code path} unless a previous upload left it there. */
    String ensureUploaded(CodeArchive archive, String path) {
        if (present.contains(path)) {
            return path;
        }
        link.sftp(sftp -> {
            if (size(sftp, path) != archive.bytes().length) {
                upload(sftp, archive.bytes(), path);
            }
            return null;
        });
        present.add(path);
        return path;
    }

    String codeArchivePath(CodeArchive archive) {
        return experimentDirectory() + "/archives/" + archive.digest() + ".tar";
    }

    /** The SDK unpacked once per machine; returns its directory (for PYTHONPATH). */
    String ensureSdk(CodeArchive sdk) {
        String directory = root() + "/sdk/" + sdk.digest();
        if (present.contains(directory)) {
            return directory;
        }
        String archive = ensureUploaded(sdk, root() + "/sdk/" + sdk.digest() + ".tar");
        String script = "d=\"$1\"; [ -d \"$d\" ] && exit 0; rm -rf \"$d.partial\" && mkdir -p \"$d.partial\""
                + " && tar -xf \"$2\" -C \"$d.partial\" && mv \"$d.partial\" \"$d\" || [ -d \"$d\" ]";
        requireSuccess(link.exec(RemoteScripts.bash(script, directory, archive), null), "unpack the trial SDK");
        present.add(directory);
        return directory;
    }

    /**
     * Unpacks the code archive and the trial's own files (payload) into its directory and starts the wrapper
     * detached. Does nothing when the trial was spawned already (by this or an earlier service instance).
     */
    void launch(String trialId, String codeArchive, CodeArchive payload) {
        String directory = trialDirectory(trialId);
        String payloadPath = experimentDirectory() + "/trials/." + trialId + ".payload.tar";
        link.sftp(sftp -> {
            upload(sftp, payload.bytes(), payloadPath);
            return null;
        });
        // Few process starts: on a busy machine each costs tens of milliseconds of trial start latency.
        String script = "set -e; d=\"$1\"\n"
                + "if [ -e \"$d/.nni/spawned\" ]; then exit 0; fi\n"
                + "if [ -e \"$d/code\" ]; then rm -rf \"$d/code\"; fi\n"
                + "mkdir -p \"$d/code\"\n"
                + "tar -xf \"$3\" -C \"$d\"\n"
                + "tar -xf \"$2\" -C \"$d/code\"\n"
                + "if [ -n \"$EPOCHREALTIME\" ]; then t=${EPOCHREALTIME/[.,]/}; t=${t:0:${#t}-3}; else t=$(date +%s%3N); fi\n"
                + "echo \"$t\" > \"$d/.nni/spawned\"\n"
                + "cd \"$d/code\"\n"
                + "setsid bash \"$d/.nni/run.sh\" \"$d\" </dev/null >>\"$d/stdout\" 2>>\"$d/stderr\" &\n";
        requireSuccess(
                link.exec(RemoteScripts.bash(script, directory, codeArchive, payloadPath), null),
                "start trial " + trialId);
    }

    TrialState status(String trialId) {
        MachineLink.ExecResult result =
                link.exec(RemoteScripts.bash(RemoteScripts.TRIAL_STATUS, trialDirectory(trialId)), null);
        requireSuccess(result, "read the state of trial " + trialId);
        return RemoteTrialStatus.parse(result.stdout());
    }

    void cancel(String trialId, long graceSeconds) {
        requireSuccess(
                link.exec(
                        RemoteScripts.bash(
                                RemoteScripts.CANCEL_TRIAL, trialDirectory(trialId), Long.toString(graceSeconds)),
                        null),
                "cancel trial " + trialId);
    }

    GpuReport gpus() {
        MachineLink.ExecResult result =
                link.exec(RemoteScripts.bash(RemoteScripts.GPU_QUERY, experimentDirectory()), null);
        requireSuccess(result, "query GPUs with nvidia-smi");
        GpuReport report;
        try {
            report = GpuReport.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE,
                    "unexpected nvidia-smi output on " + name() + ": " + e.getMessage());
        }
        link.gpusSeen(report.gpus().stream().map(GpuReport.Gpu::index).toList());
        return report;
    }

    MetricBatch readMetrics(String trialId, long offset) {
        String path = trialDirectory(trialId) + "/.nni/metrics";
        return link.sftp(sftp -> {
            byte[] buffer;
            int length = 0;
            try (SftpClient.CloseableHandle handle = sftp.open(path, SftpClient.OpenMode.Read)) {
                long available = sftp.stat(handle).getSize() - offset;
                if (available < FileChannelRecords.HEADER_BYTES) {
                    return new MetricBatch(List.of(), offset);
                }
                buffer = new byte[(int) Math.min(available, FileChannelRecords.MAX_READ_BYTES)];
                while (length < buffer.length) {
                    int read = sftp.read(handle, offset + length, buffer, length, buffer.length - length);
                    if (read < 0) {
                        break;
                    }
                    length += read;
                }
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return new MetricBatch(List.of(), offset);
                }
                throw e;
            }
            return FileChannelRecords.decode(buffer, length, offset, name() + ":" + path);
        });
    }

    /** The log's content as a stream over SFTP, or empty when the file does not exist (yet). */
    Optional<InputStream> openLog(String trialId, LogName log) {
        String path = trialDirectory(trialId) + "/" + log.fileName();
        return link.sftp(sftp -> {
            if (size(sftp, path) < 0) {
                return Optional.empty();
            }
            return Optional.of(sftp.read(path));
        });
    }

    private String experimentDirectory() {
        return root() + "/" + experimentId;
    }

    private String root() {
        String resolved = root;
        if (resolved == null) {
            if (configuredRoot.startsWith("/")) {
                resolved = configuredRoot;
            } else {
                MachineLink.ExecResult home = link.exec("printf '%s' \"$HOME\"", null);
                requireSuccess(home, "find the home directory");
                resolved = home.stdout().strip() + "/" + configuredRoot;
            }
            root = resolved;
        }
        return resolved;
    }

    /** Writes {@code bytes} to {@code path} through a temporary name, so a reader never sees a partial file. */
    private static void upload(SftpClient sftp, byte[] bytes, String path) throws IOException {
        mkdirs(sftp, path.substring(0, path.lastIndexOf('/')));
        String partial = path + ".partial-" + Long.toHexString(System.nanoTime());
        try (OutputStream out = sftp.write(
                partial, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)) {
            out.write(bytes);
        }
        sftp.rename(partial, path, SftpClient.CopyMode.Overwrite);
    }

    private static long size(SftpClient sftp, String path) throws IOException {
        try {
            return sftp.stat(path).getSize();
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return -1;
            }
            throw e;
        }
    }

    private static void mkdirs(SftpClient sftp, String path) throws IOException {
        if (path.isEmpty() || size(sftp, path) >= 0) {
            return;
        }
        mkdirs(sftp, path.substring(0, Math.max(0, path.lastIndexOf('/'))));
        try {
            sftp.mkdir(path);
        } catch (SftpException e) {
            if (size(sftp, path) < 0) {
                throw e; // not a concurrent creation of the same directory
            }
        }
    }

    private void requireSuccess(MachineLink.ExecResult result, String what) {
        if (result.exitCode() != 0) {
            String detail = result.stderr().strip();
            throw new TrainerException(
                    TrainerException.Kind.RETRIABLE,
                    "cannot " + what + " on " + name() + " (exit " + result.exitCode() + ")"
                            + (detail.isEmpty() ? "" : ": " + detail));
        }
    }
}
