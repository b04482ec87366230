package dev.sibyl.server.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelMailboxesTest {
    private final ChannelMailboxes mailboxes = new ChannelMailboxes();

    @Test
    void handsAQueuedCommandToTheNextPollAtOnce() throws Exception {
        mailboxes.send("e/a", "first");
        mailboxes.send("e/a", "second");

        assertThat(poll("e/a", Duration.ofSeconds(5))).contains("first");
        assertThat(poll("e/a", Duration.ofSeconds(5))).contains("second");
    }

    @Test
    void answersEmptyWhenNothingArrivesWithinTheTimeout() throws Exception {
        long start = System.nanoTime();

        assertThat(poll("e/b", Duration.ofMillis(200))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void completesAWaitingPollWhenACommandIsSent() throws Exception {
        CompletableFuture<Optional<String>> waiting =
                mailboxes.receive("e/c", Duration.ofSeconds(10)).toCompletableFuture();
        assertThat(waiting).isNotDone();

        mailboxes.send("e/c", "parameter");

        assertThat(waiting.get(2, TimeUnit.SECONDS)).contains("parameter");
    }

    @Test
    void keepsChannelsApart() throws Exception {
        mailboxes.send("e/one", "for one");

        assertThat(poll("e/two", Duration.ofMillis(50))).isEmpty();
        assertThat(poll("e/one", Duration.ofSeconds(1))).contains("for one");
    }

    @Test
    void neverLosesACommandSentWhilePollsTimeOut() throws Exception {
        // Polls with tiny timeouts race the sends; every command must reach exactly one poll.
        int commands = 2000;
        List<String> received = new ArrayList<>();
        Thread sender = new Thread(() -> {
            for (int i = 0; i < commands; i++) {
                mailboxes.send("e/race", "c" + i);
            }
        });
        sender.start();
        while (received.size() < commands) {
            poll("e/race", Duration.ofMillis(1)).ifPresent(received::add);
        }
        sender.join();

        assertThat(received).hasSize(commands).doesNotHaveDuplicates().startsWith("c0", "c1");
        assertThat(poll("e/race", Duration.ofMillis(20))).isEmpty();
    }

    private Optional<String> poll(String channel, Duration timeout) throws Exception {
        return mailboxes
                .receive(channel, timeout)
                .toCompletableFuture()
                .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
    }
}
