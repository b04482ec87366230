package dev.sibyl.trainers.openpai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in is as strict as the documented API: what it accepts, the adapter may rely on. */
class FakeOpenPaiServerTest {
    private static final String VALID = String.join(
            "\n",
            "protocolVersion: 2",
            "name: hello",
            "type: job",
            "prerequisites:",
            "  - {type: dockerimage, name: image, uri: 'ubuntu:22.04'}",
            "taskRoles:",
            "  taskrole:",
            "    instances: 1",
            "    dockerImage: image",
            "    resourcePerInstance: {cpu: 1, memoryMB: 512, gpu: 0}",
            "    commands: ['echo hi; exit 4']",
            "");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private OpenPaiRig rig;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startServer() throws IOException {
        rig = new OpenPaiRig(temp);
        rig.server.waitingTime(Duration.ofMillis(50));
    }

    @AfterEach
    void stopServer() {
        rig.close();
    }

    @Test
    void runsTheTaskRolesCommandAndReportsItsExitCode() throws Exception {
        assertThat(post(VALID, "text/yaml", OpenPaiRig.TOKEN).statusCode()).isEqualTo(202);

        JsonNode status = awaitEnd("alice~hello");

        assertThat(status.path("state").asText()).isEqualTo("FAILED");
        assertThat(status.path("appExitCode").asInt()).isEqualTo(4);
        assertThat(status.path("appLaunchedTime").asLong()).isPositive();
        assertThat(status.path("completedTime").asLong())
                .isGreaterThanOrEqualTo(status.path("appLaunchedTime").asLong());
    }

    @Test
    void stopEndsARunningJob() throws Exception {
        post(VALID.replace("echo hi; exit 4", "sleep 600"), "text/yaml", OpenPaiRig.TOKEN);
        awaitState("alice~hello", "RUNNING");

        HttpResponse<String> stop = send(HttpRequest.newBuilder(uri("/alice~hello/executionType"))
                .header("Authorization", "Bearer " + OpenPaiRig.TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"STOP\"}")));

        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(awaitEnd("alice~hello").path("state").asText()).isEqualTo("STOPPED");
    }

    @Test
    void aMissingOrUnknownBearerTokenIsUnauthorized() throws Exception {
        assertThat(post(VALID, "text/yaml", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(VALID, "text/yaml", "not-a-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("UnauthorizedUserError");
        assertThat(rig.server.jobNames()).isEmpty();
    }

    @Test
    void anotherUsersJobIsForbidden() throws Exception {
        post(VALID, "text/yaml", OpenPaiRig.TOKEN);

        assertThat(get("alice~hello", "bob-token").statusCode()).isEqualTo(403);
    }

    @Test
    void aProtocolWithoutTaskRolesIsRejected() throws Exception {
        HttpResponse<String> response =
                post(VALID.substring(0, VALID.indexOf("taskRoles:")), "text/yaml", OpenPaiRig.TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(message(response)).contains("taskRoles");
    }

    @Test
    void aTaskRoleWithoutADockerImagePrerequisiteIsRejected() throws Exception {
        assertThat(rejection(VALID.replace("    dockerImage: image\n", "")))
                .contains("taskRoles.taskrole.dockerImage is required");
        assertThat(rejection(VALID.replace("dockerImage: image", "dockerImage: other")))
                .contains("is not a dockerimage of prerequisites");
    }

    @Test
    void badResourcesPerInstanceAreRejected() throws Exception {
        assertThat(rejection(VALID.replace("cpu: 1", "cpu: 0"))).contains("resourcePerInstance.cpu");
        assertThat(rejection(VALID.replace("memoryMB: 512", "memoryMB: 8gb"))).contains("resourcePerInstance.memoryMB");
    }

    @Test
    void aProtocolNotSentAsYamlIsRejected() throws Exception {
        HttpResponse<String> response = post("{\"protocolVersion\": 2}", "application/json", OpenPaiRig.TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(message(response)).contains("text/yaml");
    }

    @Test
    void anUnknownVirtualClusterIsRejected() throws Exception {
        HttpResponse<String> response =
                post(VALID + "defaults: {virtualCluster: nowhere}\n", "text/yaml", OpenPaiRig.TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("NoVirtualClusterError");
    }

    @Test
    void aSecondJobOfTheSameNameConflicts() throws Exception {
        post(VALID, "text/yaml", OpenPaiRig.TOKEN);

        assertThat(post(VALID, "text/yaml", OpenPaiRig.TOKEN).statusCode()).isEqualTo(409);
    }

    @Test
    void callsOutsideTheSubsetAreNotServed() throws Exception {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri(""))
                .header("Authorization", "Bearer " + OpenPaiRig.TOKEN)
                .GET());
        HttpResponse<String> start = send(HttpRequest.newBuilder(uri("/alice~hello/executionType"))
                .header("Authorization", "Bearer " + OpenPaiRig.TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"START\"}")));

        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(start.statusCode()).isEqualTo(400);
    }

    /** The message of the 400 a protocol gets. */
    private String rejection(String yaml) throws Exception {
        HttpResponse<String> response = post(yaml, "text/yaml", OpenPaiRig.TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return message(response);
    }

    private HttpResponse<String> post(String body, String contentType, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("")).POST(HttpRequest.BodyPublishers.ofString(body));
        request.header("Content-Type", contentType);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> get(String frameworkName, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri("/" + frameworkName))
                .header("Authorization", "Bearer " + token)
                .GET());
    }

    private JsonNode awaitState(String frameworkName, String state) throws Exception {
        return await(frameworkName, state::equals);
    }

    private JsonNode awaitEnd(String frameworkName) throws Exception {
        return await(
                frameworkName,
                state -> List.of("SUCCEEDED", "FAILED", "STOPPED").contains(state));
    }

    private JsonNode await(String frameworkName, Predicate<String> reached) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode status =
                    JSON.readTree(get(frameworkName, OpenPaiRig.TOKEN).body()).path("jobStatus");
            if (reached.test(status.path("state").asText())) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + frameworkName + " is still " + status);
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String suffix) {
        return URI.create(rig.server.address() + "/rest-server/api/v2/jobs" + suffix);
    }

    private static String message(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("message").asText();
    }
}
