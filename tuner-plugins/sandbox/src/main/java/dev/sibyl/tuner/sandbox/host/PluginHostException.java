package dev.sibyl.tuner.sandbox.host;

/**
 * A plugin host that broke a limit or the protocol; the host has been killed. The message names the plugin and
 * the limit, for the experiment's error.
 */
public final class PluginHostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** A call did not answer within its deadline. */
        TIMEOUT,
        /** The process ended (out of memory, stack, an uncaught error, killed). */
        CRASHED,
        /** It wrote something that is not a protocol line. */
        GARBAGE,
        /** Its session used more CPU time than its budget. */
        CPU_BUDGET,
        /** The tenant already runs as many plugin hosts as it may. */
        CAPACITY
    }

    private final Kind kind;

    public PluginHostException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
