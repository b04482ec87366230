package dev.sibyl.tuner.sandbox.verify;

/**
 * Bounds a plugin JAR must stay within before any of it is parsed further.
 *
 * @param maxEntries entries in the archive
 * @param maxEntryBytes inflated bytes of one entry
 * @param maxTotalBytes inflated bytes of all entries
 * @param maxCompressionRatio inflated bytes per byte of archive (zip bombs inflate by thousands)
 */
public record JarLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio) {
    public static final JarLimits DEFAULT = new JarLimits(10_000, 16L << 20, 64L << 20, 100);

    public JarLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1 || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("JAR limits must be positive");
        }
    }
}
