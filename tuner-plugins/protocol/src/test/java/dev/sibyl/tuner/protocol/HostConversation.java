package dev.sibyl.tuner.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.spi.Algorithms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link TunerHost} serving the built-in algorithms, talked to line by line as a harness would. */
final class HostConversation {
    static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TunerHost host =
            new TunerHost(Algorithms.builtin(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    /** Sends {@code lines} and returns every answer line they produced, parsed. */
    List<JsonNode> send(String... lines) throws IOException {
        bytes.reset();
        for (String line : lines) {
            host.handle(line);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
