package dev.sibyl.tuner.sandbox.host;

import java.util.function.Supplier;

/** Where a {@link HostedTuner} gets its plugin host from, and gives it back to when done. */
public interface HostSource {
    /** A live host, new or reused; it may still hold an earlier session of the same tenant's plugin. */
    PluginHost acquire();

    /** Gives a host back; a dead one is dropped. */
    void release(PluginHost host);

    /** A source that starts a new host every time and stops it on release: no pooling. */
    static HostSource starting(Supplier<PluginHost> start) {
        return new HostSource() {
            @Override
            public PluginHost acquire() {
                return start.get();
            }

            @Override
            public void release(PluginHost host) {
                host.close();
            }
        };
    }
}
