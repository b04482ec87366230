package dev.sibyl.trainers.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test's stand-in for a Kubernetes cluster: fabric8's mock API server in CRUD mode (it stores and watches
 * objects but runs nothing), a {@link FakeKubelet} that plays the controllers and the kubelet behind it, and a
 * front that adds what CRUD lacks: pod logs (from the kubelet's processes), RBAC (the server's client may do only
 * what the Roles of {@code infra/k8s} grant, anything else is 403 as from the real authorizer) and a record of
 * each DELETE's propagation policy.
 */
public final class FakeCluster implements AutoCloseable {
    /** The pool namespace of {@code infra/k8s/rbac.yaml}. */
    public static final String NAMESPACE = "sibyl-trials";
    /** A namespace the server's Roles do not cover. */
    static final String FORBIDDEN_NAMESPACE = "locked";

    static final Map<String, String> NODE_LABELS = Map.of("sibyl.dev/pool", "gpu-a100");

    public static final String SERVER_TOKEN = "sibyl-server-token";
    /** Custom resources are served only for the group/versions whose CRD the test installed. */
    private static final Pattern CUSTOM_GROUP_VERSION = Pattern.compile("/apis/(kubeflow\\.org/[^/]+)/");

    private static final Pattern POD_LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
    private static final Pattern PROPAGATION = Pattern.compile("\"propagationPolicy\"\\s*:\\s*\"(\\w+)\"");

    final KubernetesMockServer server;
    /** An administrator's client, for the tests and the fake kubelet. */
    public final KubernetesClient client;
    /** The Sibyl server's client: its requests are held to the Roles of {@code infra/k8s}. */
    final KubernetesClient serverClient;

    final CodeArchiveServer archives;
    final FakeKubelet kubelet;
    private final Path root;
    private final Map<String, String> propagationPolicies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final RbacRules rbac;

    public FakeCluster() throws IOException {
        root = Files.createTempDirectory("sibyl-fake-cluster");
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        Front front = new Front(new KubernetesMixedDispatcher(responses));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, front, false);
        server.init();
        client = server.createClient();
        serverClient = server.createClient(builder ->
                builder.editOrNewConfig().withOauthToken(SERVER_TOKEN).endConfig());
        Path infra = Path.of(System.getProperty("user.dir")).resolve("../../infra/k8s");
        rbac = RbacRules.load(client, infra.resolve("rbac.yaml"), infra.resolve("kubeflow-rbac.yaml"));
        archives = new CodeArchiveServer();
        kubelet = new FakeKubelet(server.createClient(), NAMESPACE, root, NODE_LABELS, propagationPolicies);
    }

    /** Where the stand-in API server listens, for a client configured like the Sibyl server's. */
    public String masterUrl() {
        return server.url("/");
    }

    /** A service for one experiment of tenant {@code acme} over this cluster. */
    KubernetesTrainingService open(KubernetesPoolSettings pool, String experimentId) {
        return open(pool, experimentId, archives);
    }

    KubernetesTrainingService open(KubernetesPoolSettings pool, String experimentId, CodeArchiveUrls codeUrls) {
        return new KubernetesTrainingService(
                serverClient, pool, "acme", experimentId, codeUrls, InstantSource.system());
    }

    static KubernetesPoolSettings pool(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of("namespace", NAMESPACE, "image", "python:3.12-slim"));
        settings.putAll(overrides);
        return KubernetesPoolSettings.parse(settings);
    }

    /** The propagation policy of the DELETE request of a Job, if one was made. */
    Optional<String> deletionPropagation(String jobName) {
        return Optional.ofNullable(propagationPolicies.get(jobName));
    }

    /** Request lines seen by the API server, e.g. {@code GET /apis/batch/v1/namespaces/trials/jobs?...}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void expectCustomResource(CustomResourceDefinitionContext context) {
        server.expectCustomResource(context);
    }

    private final class Front extends Dispatcher implements CustomResourceAware {
        private final KubernetesMixedDispatcher api;
        private final Set<String> customGroupVersions = ConcurrentHashMap.newKeySet();

        Front(KubernetesMixedDispatcher api) {
            this.api = api;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            requests.add(request.getMethod() + " " + path);
            if (("Bearer " + SERVER_TOKEN).equals(request.getHeader("Authorization"))) {
                Optional<RbacRules.Access> access = RbacRules.access(request.getMethod(), path);
                if (access.isEmpty() || !rbac.allows(access.get())) {
                    return status(
                            403,
                            "Forbidden",
                            "User \"system:serviceaccount:sibyl:sibyl-server\" "
                                    + access.map(RbacRules.Access::describe).orElse("cannot " + path));
                }
            }
            Matcher custom = CUSTOM_GROUP_VERSION.matcher(path);
            if (custom.lookingAt() && !customGroupVersions.contains(custom.group(1))) {
                return status(404, "NotFound", "the server could not find the requested resource");
            }
            Matcher log = POD_LOG.matcher(path);
            if (log.matches() && "GET".equals(request.getMethod())) {
                Optional<String> text = kubelet.log(log.group(2));
                return text.map(t -> new MockResponse().setResponseCode(200).setBody(t))
                        .orElseGet(() -> status(400, "BadRequest", "container is waiting to start"));
            }
            if ("DELETE".equals(request.getMethod())) {

                String name = path.replaceAll("\\?.*", "").replaceAll(".*/", "");
                String body = request.getUtf8Body(); // reading it consumes it: once only
                Matcher policy = PROPAGATION.matcher(body == null ? "" : body);
                String query = path.contains("propagationPolicy=")
                        ? path.replaceAll(".*propagationPolicy=(\\w+).*", "$1")
                        : null;
                if (policy.find()) {
                    propagationPolicies.put(name, policy.group(1));
                } else if (query != null) {
                    propagationPolicies.put(name, query);
                }
            }
            return api.dispatch(request);
        }

        @Override
        public void expectCustomResource(CustomResourceDefinitionContext context) {
            customGroupVersions.add(context.getGroup() + "/" + context.getVersion());
            api.expectCustomResource(context);
        }

        private static MockResponse status(int code, String reason, String message) {
            return new MockResponse()
                    .setResponseCode(code)
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
                            + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code
                            + "}");
        }
    }

    @Override
    public void close() throws IOException {
        kubelet.close();
        archives.close();
        client.close();
        serverClient.close();
        server.destroy();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }
}
