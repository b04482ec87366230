package dev.sibyl.trainers.openpai;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One job of {@link FakeOpenPaiServer} and its "container": the task role's commands run as a local {@code bash}
 * process whose working directory stands for the container's, with the job's storages "mounted" beforehand
 * (see the server). States move WAITING -> RUNNING -> SUCCEEDED / FAILED, or to STOPPING -> STOPPED on a STOP.
 */
final class FakeJob {
    private final String user;
    private final String name;
    private final String virtualCluster;
    private final String roleName;
    private final List<String> commands;
    private final Path containerDirectory;
    private final long createdTime = System.currentTimeMillis();

    // guarded by this
    private String state = "WAITING";
    private String executionType = "START";
    private Process process;
    private Long launchedTime;
    private Long completedTime;
    private Integer exitCode;
    private String diagnostics;

    FakeJob(
            String user,
            String name,
            String virtualCluster,
            String roleName,
            List<String> commands,
            Path containerDirectory) {
        this.user = user;
        this.name = name;
        this.virtualCluster = virtualCluster;
        this.roleName = roleName;
        this.commands = List.copyOf(commands);
        this.containerDirectory = containerDirectory;
    }

    String user() {
        return user;
    }

    /** The scheduler found room: the container starts, unless the job was stopped while it waited. */
    synchronized void launch() {
        if (!"WAITING".equals(state)) {
            return;
        }
        try {
            Files.createDirectories(containerDirectory);
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", String.join("\n", commands))
                    .directory(containerDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(containerDirectory.resolve("container.log").toFile());
            // A container's environment: nothing of the server's but PATH, plus OpenPAI's own variables.
            pb.environment().clear();
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            pb.environment().put("HOME", containerDirectory.toString());
            pb.environment().put("PAI_USER_NAME", user);
            pb.environment().put("PAI_JOB_NAME", user + "~" + name);
            pb.environment().put("PAI_CURRENT_TASK_ROLE_NAME", roleName);
            pb.environment().put("PAI_CURRENT_TASK_ROLE_CURRENT_TASK_INDEX", "0");
            process = pb.start();
            launchedTime = System.currentTimeMillis();
            state = "RUNNING";
            process.onExit().thenRun(this::exited);
        } catch (IOException e) {
            state = "FAILED";
            diagnostics = "cannot start the container: " + e.getMessage();
            completedTime = System.currentTimeMillis();
        }
    }

    /** {@code executionType: STOP}: a waiting job never starts, a running one is signalled, then killed. */
    synchronized void stop() {
        executionType = "STOP";
        if ("WAITING".equals(state)) {
            state = "STOPPED";
            completedTime = System.currentTimeMillis();
        } else if ("RUNNING".equals(state)) {
            state = "STOPPING";
            Process running = process;
            running.descendants().forEach(ProcessHandle::destroy);
            running.destroy();
            Thread killer = new Thread(() -> {
                try {
                    if (!running.waitFor(2, TimeUnit.SECONDS)) {
                        running.descendants().forEach(ProcessHandle::destroyForcibly);
                        running.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.setDaemon(true);
            killer.start();
        }
    }

    /** Ends the container at once (the stand-in is shutting down). */
    synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private synchronized void exited() {
        completedTime = System.currentTimeMillis();
        exitCode = process.exitValue();
        if ("STOP".equals(executionType)) {
            state = "STOPPED";
        } else {
            state = exitCode == 0 ? "SUCCEEDED" : "FAILED";
            diagnostics = exitCode == 0 ? null : "user container exited with code " + exitCode;
        }
    }

    /** The job detail as {@code GET /rest-server/api/v2/jobs/{user}~{job}} returns it. */
    synchronized Map<String, Object> detail() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("username", user);
        status.put("state", state);
        status.put("subState", "SUCCEEDED".equals(state) || "FAILED".equals(state) ? "Completed" : "AttemptRunning");
        status.put("executionType", executionType);
        status.put("retries", 0);
        status.put("createdTime", createdTime);
        status.put("completedTime", completedTime);
        status.put("appLaunchedTime", launchedTime);
        status.put("appCompletedTime", completedTime);
        status.put("appExitCode", exitCode);
        status.put("appExitDiagnostics", diagnostics);
        status.put("virtualCluster", virtualCluster);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskIndex", 0);
        task.put("taskState", state);
        task.put("containerExitCode", exitCode);
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("taskRoleStatus", Map.of("name", roleName));
        role.put("taskStatuses", List.of(task));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", name);
        detail.put("jobStatus", status);
        detail.put("taskRoles", Map.of(roleName, role));
        return detail;
    }
}
