package dev.sibyl.tenant;

/** What an API token may do within its tenant; stored lower-case in {@code api_tokens.role}. */
public enum TokenRole {
    /** Everything in the tenant, including managing its tokens. */
    ADMIN,
    /** Create and manage experiments. */
    MEMBER;

    public String stored() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TokenRole fromStored(String text) {
        return valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }
}
