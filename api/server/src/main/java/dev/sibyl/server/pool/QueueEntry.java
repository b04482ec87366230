package dev.sibyl.server.pool;

import dev.sibyl.scheduler.fairshare.Wait;

/** One waiting trial in a pool's queue, as the API shows it (docs/api.md, Pools). */
public record QueueEntry(int position, String tenant, String experimentId, String trialId, String reason) {
    static QueueEntry of(Wait w) {
        String[] key = SnapshotReader.split(w.trial().id());
        return new QueueEntry(w.position(), w.trial().tenant(), key[0], key[1], w.reason(QueueEntry::instant));
    }

    /** The scheduler's times are epoch milliseconds; people read instants. */
    private static String instant(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
    }
}
