package dev.sibyl.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.server.testing.FreshDatabase;
import dev.sibyl.server.testing.TestTenants;
import dev.sibyl.server.testing.TestTenants.TestTenant;
import dev.sibyl.tenant.ApiTokens;
import dev.sibyl.tenant.Role;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FreshDatabase.class)
@TestProfile(RateLimitTest.TinyLimits.class)
class RateLimitTest {
    /** 2 requests a second with a burst of 5 per credential, 4 a second with a burst of 8 per tenant. */
    public static class TinyLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sibyl.rate-limit.per-credential.per-second", "2",
                    "sibyl.rate-limit.per-credential.burst", "5",
                    "sibyl.rate-limit.per-tenant.per-second", "4",
                    "sibyl.rate-limit.per-tenant.burst", "8");
        }
    }

    @Inject
    ApiTokens tokens;

    @Test
    void aCredentialOverItsLimitGets429WithRetryAfterWhileAnotherCredentialStillPasses() throws Exception {
        TestTenant acme = TestTenants.create(tokens);
        String first = acme.token(Role.MEMBER);
        String second = acme.token(Role.MEMBER);
        int passed = 0;
        Response limited = null;
        for (int i = 0; i < 50 && limited == null; i++) {
            Response r = acme.as(first).get(acme.experiments());
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
                passed++;
            }
        }
        // The burst of 5 passes at once; a slow machine may refill a few more before the first refusal.
        assertThat(limited).as("quick requests are refused after the burst").isNotNull();
        assertThat(passed).isGreaterThanOrEqualTo(5);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);

        // Another credential of the same tenant has its own bucket.
        acme.as(second).get(acme.experiments()).then().statusCode(200);

        // After the advertised wait, the first one passes again.
        Thread.sleep(Integer.parseInt(limited.header("Retry-After")) * 1000L);
        acme.as(first).get(acme.experiments()).then().statusCode(200);
    }

    @Test
    void aTenantOverItsLimitIsRefusedWhateverCredentialItUses() {
        TestTenant busy = TestTenants.create(tokens);
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            String token = busy.token(Role.MEMBER);
            for (int j = 0; j < 4; j++) {
                if (busy.as(token).get(busy.experiments()).statusCode() == 429) {
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThan(0);
        // Another tenant is not affected.
        TestTenant quiet = TestTenants.create(tokens);
        quiet.as(quiet.token(Role.MEMBER)).get(quiet.experiments()).then().statusCode(200);
    }
}
