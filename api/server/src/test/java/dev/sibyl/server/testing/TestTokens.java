package dev.sibyl.server.testing;

/** Well-known secrets of the test server. */
public final class TestTokens {
    /** The default tenant's admin API token, installed as the bootstrap token in tests. */
    public static final String ADMIN = "sbl_test_admin_0123456789abcdef0123456789abcdef";

    private TestTokens() {}
}
