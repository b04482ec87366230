package dev.sibyl.server.channel;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Server-to-trial commands waiting to be fetched by a long poll, one FIFO mailbox per trial channel. A poll
 * takes the oldest command, or waits up to its timeout for one without holding any thread. Mailboxes exist
 * only while they hold commands or waiting polls.
 *
 * <p>Threading: every change to a mailbox happens inside {@link ConcurrentHashMap#compute}; futures are
 * completed outside it, so their callbacks may use the map again. A poll that times out while a command is
 * being handed to it simply loses the race and the command goes to the next poll.
 */
@ApplicationScoped
public class ChannelMailboxes {
    private final ConcurrentHashMap<String, Mailbox> boxes = new ConcurrentHashMap<>();
    private final java.util.Set<String> parameterDelivered = ConcurrentHashMap.newKeySet();

    /**
     * Claims the first parameter delivery of a channel in this server process: true exactly once per channel.
     * A trial whose {@code request_parameter} reached a server that then died polls a restarted server whose
     * mailboxes are empty; answering its first poll with the parameter directly makes that safe.
     */
    public boolean claimFirstParameterDelivery(String channel) {
        return parameterDelivered.add(channel);
    }

    /** Whether this process has already handed the channel its parameter once. */
    public boolean parameterDelivered(String channel) {
        return parameterDelivered.contains(channel);
    }

    /** Queues {@code command} for the channel, or hands it to a poll already waiting. */
    public void send(String channel, String command) {
        while (true) {
            AtomicReference<CompletableFuture<String>> waiter = new AtomicReference<>();
            boxes.compute(channel, (k, box) -> {
                Mailbox b = box == null ? new Mailbox() : box;
                CompletableFuture<String> w = b.waiters.poll();
                if (w == null) {
                    b.commands.add(command);
                } else {
                    waiter.set(w);
                }
                return b.isEmpty() ? null : b;
            });
            CompletableFuture<String> w = waiter.get();
            if (w == null || w.complete(command)) {
                return;
            }
        }
    }

    /** The oldest command, as soon as there is one, or empty after {@code timeout}. */
    public CompletionStage<Optional<String>> receive(String channel, Duration timeout) {
        CompletableFuture<String> waiter = new CompletableFuture<>();
        AtomicReference<String> ready = new AtomicReference<>();
        boxes.compute(channel, (k, box) -> {
            Mailbox b = box == null ? new Mailbox() : box;
            String command = b.commands.poll();
            if (command == null) {
                b.waiters.add(waiter);
            } else {
                ready.set(command);
            }
            return b.isEmpty() ? null : b;
        });
        if (ready.get() != null) {
            return CompletableFuture.completedFuture(Optional.of(ready.get()));
        }
        waiter.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
        waiter.whenComplete((command, error) -> boxes.computeIfPresent(channel, (k, box) -> {
            box.waiters.remove(waiter);
            return box.isEmpty() ? null : box;
        }));
        return waiter.thenApply(Optional::ofNullable);
    }

    private static final class Mailbox {
        final ArrayDeque<String> commands = new ArrayDeque<>();
        final ArrayDeque<CompletableFuture<String>> waiters = new ArrayDeque<>();

        boolean isEmpty() {
            return commands.isEmpty() && waiters.isEmpty();
        }
    }
}
