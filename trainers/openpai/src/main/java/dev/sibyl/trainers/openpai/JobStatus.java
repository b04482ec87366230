package dev.sibyl.trainers.openpai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * The parts of an OpenPAI job detail ({@code GET /rest-server/api/v2/jobs/{user}~{job}}) a trial's state is made
 * of. Times are epoch milliseconds; any field but the state may be null.
 *
 * @param state {@code jobStatus.state}: WAITING, RUNNING, STOPPING, STOPPED, SUCCEEDED, FAILED or UNKNOWN
 * @param appExitCode {@code jobStatus.appExitCode}, OpenPAI's exit code of the job
 * @param containerExitCode {@code containerExitCode} of the task role's first task, the process's own exit code
 * @param launchedTime {@code jobStatus.appLaunchedTime}
 * @param completedTime {@code jobStatus.completedTime}
 * @param diagnostics {@code jobStatus.appExitDiagnostics}, or the exit trigger message
 */
record JobStatus(
        String state,
        Integer appExitCode,
        Integer containerExitCode,
        Long launchedTime,
        Long completedTime,
        String diagnostics) {

    static JobStatus fromDetail(JsonNode detail) {
        JsonNode status = detail.path("jobStatus");
        String diagnostics = text(status.path("appExitDiagnostics"));
        return new JobStatus(
                status.path("state").asText("UNKNOWN"),
                integer(status.path("appExitCode")),
                firstContainerExitCode(detail.path("taskRoles")),
                number(status.path("appLaunchedTime")),
                number(status.path("completedTime")),
                diagnostics != null ? diagnostics : text(status.path("appExitTriggerMessage")));
    }

    private static Integer firstContainerExitCode(JsonNode taskRoles) {
        for (Iterator<JsonNode> roles = taskRoles.elements(); roles.hasNext(); ) {
            for (JsonNode task : roles.next().path("taskStatuses")) {
                Integer code = integer(task.path("containerExitCode"));
                if (code != null) {
                    return code;
                }
            }
        }
        return null;
    }

    private static Integer integer(JsonNode node) {
        return node.isIntegralNumber() ? node.intValue() : null;
    }

    private static Long number(JsonNode node) {
        return node.isIntegralNumber() && node.longValue() > 0 ? node.longValue() : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
