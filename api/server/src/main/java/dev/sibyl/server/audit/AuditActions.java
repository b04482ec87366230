package dev.sibyl.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stable action names from a call's method and path: the literal path segments joined by dots (ids dropped),
 * then a verb: {@code POST experiments} is {@code experiments.create}, {@code POST experiments/{id}/stop} is
 * {@code experiments.stop}, {@code DELETE tokens/{id}} is {@code tokens.delete}.
 */
final class AuditActions {
    private static final Set<String> NOUNS = Set.of(
            "experiments",
            "trials",
            "tokens",
            "members",
            "service-accounts",
            "invitations",
            "quota",
            "metrics",
            "tenants",
            "admin",
            "audit",
            "plugins",
            "import-data",
            "pools");

    private AuditActions() {}

    private static boolean isVerb(String segment, String previous) {
        return segment.equals("rerun-failed")
                || segment.equals("verify")
                || (!NOUNS.contains(previous) && segment.matches("[a-z][a-z-]*"));
    }

    static String name(String method, String below) {
        List<String> nouns = new ArrayList<>();
        String verb = null;
        String[] segments = below.isEmpty() ? new String[0] : below.split("/");
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (NOUNS.contains(s)) {
                if (!s.equals("admin")) {
                    nouns.add(s);
                }
            } else if (last && i > 0 && isVerb(s, segments[i - 1])) {
                verb = s; // experiments/{id}/stop, invitations/{token}/accept, trials/rerun-failed
            }
        }
        if (verb == null) {
            verb = switch (method) {
                case "POST" -> "create";
                case "PUT" -> "set";
                case "PATCH" -> "update";
                case "DELETE" -> "delete";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
        }
        return (nouns.isEmpty() ? "tenant" : String.join(".", nouns)) + "." + verb;
    }
}
