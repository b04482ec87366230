package dev.sibyl.server.archive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The archive formats trial code may come in, recognised by their first bytes, never by a file name. */
public enum ArchiveFormat {
    TAR,
    TAR_GZIP,
    ZIP;

    /** Bytes {@link #detect} needs to see (the tar magic sits at offset 257). */
    public static final int HEAD_LENGTH = 512;

    private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);

    public static Optional<ArchiveFormat> detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Optional.of(TAR_GZIP);
        }
        if (length >= 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
            return Optional.of(ZIP);
        }
        if (length >= 262 && Arrays.equals(head, 257, 262, USTAR, 0, USTAR.length)) {
            return Optional.of(TAR);
        }
        return Optional.empty();
    }
}
