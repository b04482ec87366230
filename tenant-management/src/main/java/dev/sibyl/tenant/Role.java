package dev.sibyl.tenant;

import java.util.Locale;

/** What a member of a tenant may do there, from most to least; stored lower-case. */
public enum Role {
    /** Everything, including managing owners and deleting the tenant's data. */
    OWNER,
    /** Manage members, service accounts and tokens, and everything a member does. */
    ADMIN,
    /** Create, change and stop experiments; upload plugins. */
    MEMBER,
    /** Read only. */
    VIEWER;

    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The weaker of the two. */
    public Role cappedAt(Role ceiling) {
        return atLeast(ceiling) ? ceiling : this;
    }

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a role */
    public static Role parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a role; use owner, admin, member or viewer");
        }
    }
}
