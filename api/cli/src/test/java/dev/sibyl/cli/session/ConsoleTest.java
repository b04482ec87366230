package dev.sibyl.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            InstantSource.fixed(Instant.parse("2026-11-28T10:00:00Z")),
            ZoneId.of("Europe/Paris"));

    @Test
    void printsNnictlPrefixesWithErrorsOnStandardError() {
        console.info("Stop experiment success.");
        console.warning("There is no experiment running...");
        console.error("Id not correct.");
        console.log("Creating experiment, Experiment ID: k3j9x0ab");
        console.logWarning("careful");

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("INFO:  Stop experiment success.\n"
                        + "WARNING: There is no experiment running...\n"
                        + "[2026-11-28 11:00:00] Creating experiment, Experiment ID: k3j9x0ab\n"
                        + "[2026-11-28 11:00:00] WARNING: careful\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("ERROR: Id not correct.\n");
    }

    @Test
    void showsServerInstantsInTheLocalZone() {
        String pattern = "yyyy-MM-dd HH:mm:ss";

        assertThat(console.localTime("2026-11-28T09:59:59Z", pattern)).contains("2026-11-28 10:59:59");
        assertThat(console.localTime("2026-11-28T09:59:59.123456Z", pattern)).contains("2026-11-28 10:59:59");
        assertThat(console.localTime("1795859999.5", pattern)).contains("2026-11-28 10:59:59");
        assertThat(console.localTime("yesterday", pattern)).contains("yesterday");
        assertThat(console.localTime(null, pattern)).isEmpty();
        assertThat(console.localTime(" ", pattern)).isEmpty();
    }
}
