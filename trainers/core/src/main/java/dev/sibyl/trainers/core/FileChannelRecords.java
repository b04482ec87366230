package dev.sibyl.trainers.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes NNI's legacy file channel ({@code .nni/metrics}): records of a 2-byte type, a 6-digit zero-padded
 * decimal length and that many payload bytes (UTF-8 JSON plus a trailing newline). Only {@code ME} records are
 * returned; other types are skipped. An incomplete record at the end is left for the next read. Every training
 * service that reads the file channel (locally, over SFTP, from shared storage) decodes it here.
 */
public final class FileChannelRecords {
    public static final int HEADER_BYTES = 8;
    /** Enough for several records of the largest size (999,999 bytes of payload). */
    public static final int MAX_READ_BYTES = 8 << 20;

    private static final System.Logger LOG = System.getLogger(FileChannelRecords.class.getName());

    private FileChannelRecords() {}

    /**
     * The complete records in {@code data[0, length)}, which was read from the file at {@code baseOffset}.
     *
     * @param source names the file in log lines about malformed records
     */
    public static MetricBatch decode(byte[] data, int length, long baseOffset, Object source) {

        List<String> payloads = new ArrayList<>();
        int position = 0;
        while (length - position >= HEADER_BYTES) {
            int size = parseLength(data, position + 2);
            if (size < 0) {
                // Not a record header: nothing after it can be framed, so reading stops here for good.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "malformed record header at byte {0} of {1}; later records are ignored",
                        baseOffset + position,
                        source);
                break;
            }
            if (length - position - HEADER_BYTES < size) {
                break;
            }
            int start = position + HEADER_BYTES;
            int end = start + size;
            if (data[position] == 'M' && data[position + 1] == 'E') {
                int textEnd = size > 0 && data[end - 1] == '\n' ? end - 1 : end;
                payloads.add(new String(data, start, textEnd - start, StandardCharsets.UTF_8));
            }
            position = end;
        }
        return new MetricBatch(payloads, baseOffset + position);
    }

    private static int parseLength(byte[] data, int from) {
        int value = 0;
        for (int i = from; i < from + 6; i++) {
            byte b = data[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
