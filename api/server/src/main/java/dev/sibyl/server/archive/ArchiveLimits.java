package dev.sibyl.server.archive;

/**
 * How much trial code one archive may unpack to (NNI: 2000 files, 300 MB after {@code .nniignore}).
 *
 * @param maxFiles regular files and symbolic links; directories are limited to the same number separately
 * @param maxBytes bytes of file content, counted while unpacking
 */
public record ArchiveLimits(int maxFiles, long maxBytes) {
    private static final long MIB = 1024L * 1024L;

    public ArchiveLimits {
        if (maxFiles <= 0) {
            throw new IllegalArgumentException("maxFiles must be > 0");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0");
        }
    }

    /** NNI's wording: {@code contains too many files (more than 2000)}. */
    String tooManyFiles() {
        return "contains too many files (more than " + maxFiles + ")";
    }

    /** NNI's wording: {@code is too large (more than 300MB)}. */
    String tooLarge() {
        String limit = maxBytes % MIB == 0 ? (maxBytes / MIB) + "MB" : maxBytes + " bytes";
        return "is too large (more than " + limit + ")";
    }

    /**
     * Bytes the decompressed tar stream may hold in all: the content plus generous room for headers and
     * padding. Reading stops there, so a compression bomb made of headers or padding stops early too.
     */
    long maxRawBytes() {
        return maxBytes + 4096L * (2L * maxFiles + 16);
    }
}
