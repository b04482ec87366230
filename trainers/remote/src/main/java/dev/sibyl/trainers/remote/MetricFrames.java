package dev.sibyl.trainers.remote;

import dev.sibyl.trainers.core.MetricBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits bytes of NNI's file channel ({@code .nni/metrics}) into records: 2 type bytes, a 6-digit decimal payload
 * length, the payload (JSON and a newline). {@code ME} payloads are kept without their newline; other record types
 * are skipped; a record cut short at the end of the bytes is left for the next read, so the returned offset never
 * points into a record.
 */
final class MetricFrames {
    static final int HEADER_BYTES = 8;
    private static final int LENGTH_DIGITS = 6;

    private MetricFrames() {}

    /**
     * @param bytes file content starting at {@code offset}
     * @return the complete ME payloads and the offset just past the last complete record
     * @throws IllegalStateException when a header is not a record header (the file is not a metrics channel)
     */
    static MetricBatch split(byte[] bytes, int length, long offset) {
        List<String> payloads = new ArrayList<>();
        int at = 0;
        while (at + HEADER_BYTES <= length) {
            int size = 0;
            for (int i = at + 2; i < at + 2 + LENGTH_DIGITS; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw new IllegalStateException("no record header at byte " + (offset + at));
                }
                size = size * 10 + digit;
            }
            int next = at + HEADER_BYTES + size;
            if (next > length) {
                break;
            }
            if (bytes[at] == 'M' && bytes[at + 1] == 'E') {
                int end = size > 0 && bytes[next - 1] == '\n' ? next - 1 : next;
                payloads.add(new String(bytes, at + HEADER_BYTES, end - at - HEADER_BYTES, StandardCharsets.UTF_8));
            }
            at = next;
        }
        return new MetricBatch(payloads, offset + at);
    }
}
