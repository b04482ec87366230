package dev.sibyl.trainers.local;

import dev.sibyl.trainers.core.FileChannelRecords;
import dev.sibyl.trainers.core.MetricBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Reads a trial's file channel ({@code .nni/metrics}) from an offset; decoding is {@link FileChannelRecords}. */
final class MetricRecords {
    private MetricRecords() {}

    static MetricBatch read(Path file, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (!Files.isRegularFile(file)) {
            return new MetricBatch(List.of(), offset);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long available = channel.size() - offset;
            if (available < FileChannelRecords.HEADER_BYTES) {
                return new MetricBatch(List.of(), offset);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(available, FileChannelRecords.MAX_READ_BYTES));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return FileChannelRecords.decode(buffer.array(), buffer.position(), offset, file);
        }
    }
}
