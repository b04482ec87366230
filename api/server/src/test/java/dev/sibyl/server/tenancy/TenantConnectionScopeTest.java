package dev.sibyl.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTokens;
import dev.sibyl.tenant.Authenticator;
import dev.sibyl.tenant.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection a tenant request gets runs as the tenant role with the tenant set, and is reset afterwards. */
@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
class TenantConnectionScopeTest {
    @Inject
    Authenticator authenticator;

    @Inject
    EntityManager entities;

    @Test
    void aTenantRequestsConnectionIsScopedToItsTenantAndTheNextUserGetsItClean() {
        long tenantId = QuarkusTransaction.requiringNew()
                .call(() -> Tenant.findBySlug(Tenant.DEFAULT_SLUG).orElseThrow().id);
        assertThat(session()).containsExactly("postgres", "");

        // What the authentication filter does for a tenant request (the test thread has a request context).
        authenticator.enterTenant(TestTokens.ADMIN, Tenant.DEFAULT_SLUG, "127.0.0.1");
        assertThat(session()).containsExactly("sibyl_tenant", Long.toString(tenantId));
    }

    @Test
    void connectionsOutsideTenantRequestsKeepTheOwningRole() {
        for (int i = 0; i < 20; i++) {
            assertThat(session()).containsExactly("postgres", "");
        }
    }

    private List<String> session() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) entities.createNativeQuery(
                        "select current_user::text, coalesce(current_setting('sibyl.tenant_id', true), '')")
                .getSingleResult());
        return List.of((String) row[0], (String) row[1]);
    }
}
