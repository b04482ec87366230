package dev.sibyl.tenant;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API token may be used for, independent of its owner's role: a CI token that only reads results
 * carries {@code experiments:read}. Each scope also needs a least role of the caller in the tenant.
 */
public enum Scope {
    EXPERIMENTS_READ("experiments:read", Role.VIEWER),
    EXPERIMENTS_WRITE("experiments:write", Role.MEMBER),
    PLUGINS_WRITE("plugins:write", Role.MEMBER),
    ADMIN("admin", Role.ADMIN);

    private final String wire;
    private final Role leastRole;

    Scope(String wire, Role leastRole) {
        this.wire = wire;
        this.leastRole = leastRole;
    }

    public String wire() {
        return wire;
    }

    public Role leastRole() {
        return leastRole;
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }

    /** @throws IllegalArgumentException naming the unknown scope */
    public static Scope parse(String text) {
        return Arrays.stream(values())
                .filter(s -> s.wire.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a scope; use "
                        + Arrays.stream(values()).map(Scope::wire).collect(Collectors.joining(", "))));
    }

    /** Space-separated, as stored in {@code api_tokens.scopes}. */
    public static String format(Collection<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::wire).collect(Collectors.joining(" "));
    }

    public static Set<Scope> parseStored(String stored) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : stored.strip().split("\\s+")) {
            if (!part.isEmpty()) {
                scopes.add(parse(part));
            }
        }
        return scopes;
    }
}
