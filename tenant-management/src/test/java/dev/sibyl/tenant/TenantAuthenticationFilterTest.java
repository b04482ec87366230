package dev.sibyl.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantAuthenticationFilterTest {
    @Test
    void findsTheTenantSegmentOfTenantRoutesOnly() {
        assertThat(TenantAuthenticationFilter.tenantSlug("/api/v1/tenants/default/experiments"))
                .isEqualTo("default");
        assertThat(TenantAuthenticationFilter.tenantSlug("api/v1/tenants/acme")).isEqualTo("acme");
        assertThat(TenantAuthenticationFilter.tenantSlug("/api/v1/tenants/")).isNull();
        assertThat(TenantAuthenticationFilter.tenantSlug("/api/v1/trial-channel/abcde/x"))
                .isNull();
        assertThat(TenantAuthenticationFilter.tenantSlug("/q/health")).isNull();
    }

    @Test
    void readsBearerTokensCaseInsensitivelyAndIgnoresOtherSchemes() {
        assertThat(TenantAuthenticationFilter.bearer("Bearer sbl_x")).isEqualTo("sbl_x");
        assertThat(TenantAuthenticationFilter.bearer("bearer   sbl_x ")).isEqualTo("sbl_x");
        assertThat(TenantAuthenticationFilter.bearer("Basic dXNlcjpwYXNz")).isNull();
        assertThat(TenantAuthenticationFilter.bearer("Bearer")).isNull();
        assertThat(TenantAuthenticationFilter.bearer(null)).isNull();
    }
}
