package dev.sibyl.trainers.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Linux process facts read from {@code /proc}, and signals to whole process groups. A trial is a process group
 * led by its wrapper ({@code pgid = sid = wrapper pid}); the wrapper's start time (in clock ticks after boot)
 * tells it apart from an unrelated process that later got the same pid.
 */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    /** Fields of {@code /proc/<pid>/stat} that matter here. */
    record Stat(long pid, char state, long processGroup, long session, long startTicks) {
        boolean running() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }

    private ProcessTable() {}

    static boolean procAvailable() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    static Optional<Stat> stat(long pid) {
        try {
            return Optional.of(
                    parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Stat parse(long pid, String line) {
        // The command name (field 2) is in parentheses and may contain spaces or ')': split after the last ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new Stat(
                pid,
                fields[0].charAt(0),
                Long.parseLong(fields[2]),
                Long.parseLong(fields[3]),
                Long.parseLong(fields[19]));
    }

    /** Whether {@code pid} runs and is the process that started at {@code startTicks} (when known). */
    static boolean isAlive(long pid, Long startTicks) {
        if (!procAvailable()) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return stat(pid)
                .filter(Stat::running)
                .filter(s -> startTicks == null || s.startTicks() == startTicks)
                .isPresent();
    }

    /** Live processes of the group {@code pgid} in the session it leads (a trial and everything it started). */
    static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        if (!procAvailable()) {
            ProcessHandle.of(pgid).filter(ProcessHandle::isAlive).ifPresent(p -> members.add(p.pid()));
            return members;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                stat(pid)
                        .filter(Stat::running)
                        .filter(s -> s.processGroup() == pgid && s.session() == pgid)
                        .ifPresent(s -> members.add(pid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    /** Sends {@code signal} (TERM, KILL) to every process of group {@code pgid}; false when none received it. */
    static boolean signalGroup(long pgid, String signal) {
        if (pgid <= 1 || pgid == ProcessHandle.current().pid() || pgid == ownProcessGroup()) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        try {
            Process kill = new ProcessBuilder("bash", "-c", "kill -s " + signal + " -- -" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long ownProcessGroup() {
        return stat(ProcessHandle.current().pid()).map(Stat::processGroup).orElse(-1L);
    }
}
