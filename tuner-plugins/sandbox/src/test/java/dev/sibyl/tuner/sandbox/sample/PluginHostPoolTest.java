package dev.sibyl.tuner.sandbox.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.tuner.sandbox.host.HostClasspath;
import dev.sibyl.tuner.sandbox.host.HostLimits;
import dev.sibyl.tuner.sandbox.host.HostSource;
import dev.sibyl.tuner.sandbox.host.PluginHost;
import dev.sibyl.tuner.sandbox.host.PluginHostException;
import dev.sibyl.tuner.sandbox.host.PluginHostPool;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hosts of the sample plugin are reused for their own tenant only, and a tenant cannot start unbounded hosts. */
class PluginHostPoolTest {
    private final PluginHostPool pool =
            new PluginHostPool(HostClasspath.current(), HostLimits.DEFAULT, 2, 1, Duration.ofMinutes(5));

    @AfterEach
    void close() {
        pool.close();
    }

    private HostSource sample(String tenant) {
        return pool.plugin(tenant, "sha-of-sample", "sample", SamplePlugin.jar());
    }

    @Test
    void aReleasedHostIsReusedForTheSameTenantAndPluginOnly() {
        PluginHost first = sample("acme").acquire();
        sample("acme").release(first);
        PluginHost again = sample("acme").acquire();
        assertThat(again).isSameAs(first);
        PluginHost other = sample("globex").acquire();
        assertThat(other).isNotSameAs(first);
        PluginHost otherPlugin = pool.plugin("acme", "sha-of-another", "another", SamplePlugin.jar())
                .acquire();
        assertThat(otherPlugin).isNotSameAs(first);
        assertThat(pool.hosts("acme")).isEqualTo(2);
        assertThat(pool.hosts("globex")).isEqualTo(1);
        sample("acme").release(again);
        sample("globex").release(other);
        pool.plugin("acme", "sha-of-another", "another", SamplePlugin.jar()).release(otherPlugin);
    }

    @Test
    void aTenantAtItsHostLimitGetsAClearErrorUnlessAnIdleHostCanMakeRoom() {
        PluginHost a = sample("acme").acquire();
        PluginHost b = sample("acme").acquire();
        assertThatThrownBy(() -> sample("acme").acquire())
                .isInstanceOf(PluginHostException.class)
                .hasMessageContaining("already runs 2 plugin hosts")
                .extracting(e -> ((PluginHostException) e).kind())
                .isEqualTo(PluginHostException.Kind.CAPACITY);
        assertThat(pool.hosts("globex")).isZero();
        sample("globex").release(sample("globex").acquire()); // another tenant is not held back

        sample("acme").release(a); // idle now: a host of another plugin may take its place
        PluginHost c = pool.plugin("acme", "sha-of-another", "another", SamplePlugin.jar())
                .acquire();
        assertThat(a.alive()).isFalse();
        assertThat(pool.hosts("acme")).isEqualTo(2);
        sample("acme").release(b);
        pool.plugin("acme", "sha-of-another", "another", SamplePlugin.jar()).release(c);
    }

    @Test
    void aDeadHostIsNeverHandedOutAgain() {
        PluginHost host = sample("acme").acquire();
        host.close();
        sample("acme").release(host);
        assertThat(pool.hosts("acme")).isZero();
        PluginHost next = sample("acme").acquire();
        assertThat(next).isNotSameAs(host);
        assertThat(next.alive()).isTrue();
        sample("acme").release(next);
    }
}
