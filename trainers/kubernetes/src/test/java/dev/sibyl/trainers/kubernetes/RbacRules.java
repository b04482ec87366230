package dev.sibyl.trainers.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Roles of {@code infra/k8s}, enforced by {@link FakeCluster} on every request of the server's client as the
 * API server's RBAC authorizer would: a request is allowed when some rule of a Role in the request's namespace
 * names its API group, resource (with subresource) and verb.
 */
final class RbacRules {
    /** A request seen as RBAC sees it. */
    record Access(String namespace, String group, String resource, String verb) {
        String describe() {
            return "cannot " + verb + " resource \"" + resource + "\" in API group \"" + group
                    + "\" in the namespace \"" + namespace + "\"";
        }
    }

    private record Rule(String namespace, PolicyRule rule) {}

    private static final Pattern NAMESPACED =
            Pattern.compile("/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");

    private final List<Rule> rules;

    private RbacRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static RbacRules load(KubernetesClient client, Path... files) throws IOException {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    if (item instanceof Role role) {
                        role.getRules()
                                .forEach(r ->
                                        rules.add(new Rule(role.getMetadata().getNamespace(), r)));
                    }
                }
            }
        }
        return new RbacRules(rules);
    }

    /** How RBAC sees a request; empty for anything outside a namespace (discovery, cluster-wide lists). */
    static Optional<Access> access(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Matcher m = NAMESPACED.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String name = m.group(4);
        String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : query.matches("(.*&)?watch=true(&.*)?") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return Optional.of(new Access(m.group(2), group, resource, verb));
    }

    boolean allows(Access access) {
        return rules.stream()
                .anyMatch(r -> r.namespace().equals(access.namespace())
                        && r.rule().getApiGroups().contains(access.group())
                        && r.rule().getResources().contains(access.resource())
                        && r.rule().getVerbs().contains(access.verb()));
    }
}
