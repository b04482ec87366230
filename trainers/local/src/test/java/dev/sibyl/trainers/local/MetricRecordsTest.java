package dev.sibyl.trainers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sibyl.trainers.core.FileChannelRecords;
import dev.sibyl.trainers.core.MetricBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricRecordsTest {
    private static final String FINAL =
            "{\"parameter_id\": 0, \"trial_job_id\": \"abcde\", \"type\": \"FINAL\", \"sequence\": 0, \"value\": \"0.93\"}";

    @TempDir
    Path temp;

    private static MetricBatch decode(String data, long base) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return FileChannelRecords.decode(bytes, bytes.length, base, "test");
    }

    @Test
    void decodesTheRecordTheSdkWritesForAFinalResult() {
        assertThat(decode("ME000094" + FINAL + "\n", 100)).isEqualTo(new MetricBatch(List.of(FINAL), 202));
    }

    @Test
    void lengthsCountBytesNotCharacters() {
        String payload = "{\"v\": \"\u00e9\u00e9\"}"; // 11 characters, 13 bytes, plus the newline
        assertThat(decode("ME000014" + payload + "\nME000003{}\n", 0))
                .isEqualTo(new MetricBatch(List.of(payload, "{}"), 33));
    }

    @Test
    void stopsAtAnIncompleteHeaderOrPayload() {
        assertThat(decode("ME000003{}\nME0000", 0)).isEqualTo(new MetricBatch(List.of("{}"), 11));
        assertThat(decode("ME000003{}\nME000010{\"a\"", 0)).isEqualTo(new MetricBatch(List.of("{}"), 11));
        assertThat(decode("ME00", 5)).isEqualTo(new MetricBatch(List.of(), 5));
    }

    @Test
    void skipsRecordsOfOtherTypesAndKeepsPayloadsWithoutNewline() {
        assertThat(decode("XX000002abME000002{}", 0)).isEqualTo(new MetricBatch(List.of("{}"), 20));
    }

    @Test
    void aMalformedHeaderStopsReadingWithoutSkippingAnything() {
        assertThat(decode("ME000003{}\nMEabcdef{}\n", 0)).isEqualTo(new MetricBatch(List.of("{}"), 11));
    }

    @Test
    void readsFromAnOffsetOfTheFile() throws IOException {
        Path file = temp.resolve("metrics");
        Files.writeString(file, "ME000003{}\nME000094" + FINAL + "\n");

        assertThat(MetricRecords.read(file, 11)).isEqualTo(new MetricBatch(List.of(FINAL), 113));
        assertThat(MetricRecords.read(file, 113)).isEqualTo(new MetricBatch(List.of(), 113));
        assertThat(MetricRecords.read(temp.resolve("absent"), 0)).isEqualTo(new MetricBatch(List.of(), 0));
        assertThatThrownBy(() -> MetricRecords.read(file, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
