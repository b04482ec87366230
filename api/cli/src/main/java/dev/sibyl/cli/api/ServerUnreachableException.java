package dev.sibyl.cli.api;

import java.net.URI;

/** No HTTP answer could be obtained from the server (refused, unknown host, timed out, reset). */
public final class ServerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerUnreachableException(URI server, String reason, Throwable cause) {
        super(
                "Cannot reach the Sibyl server at " + server + " (" + reason
                        + "); is it running? Set the address with --url or SIBYL_URL.",
                cause);
    }
}
