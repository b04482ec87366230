package dev.sibyl.server.usage;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the exported counters monotonic. Totals are recomputed from the trials at each scrape, and a trial that
 * ended between two scrapes may record an end slightly before the earlier scrape's "now", which would make the
 * total dip; Prometheus would read that as a counter reset. A counter therefore never goes below what it showed.
 */
@ApplicationScoped
public class UsageCounters {
    private final Map<String, Double> shown = new ConcurrentHashMap<>();

    double gpuSeconds(UsageLedger.PoolTotal total) {
        return monotonic("gpu|" + total.tenant() + "|" + total.pool(), total.gpuSeconds());
    }

    double trialSeconds(UsageLedger.PoolTotal total) {
        return monotonic("trial|" + total.tenant() + "|" + total.pool(), total.trialSeconds());
    }

    private double monotonic(String key, double value) {
        return shown.merge(key, value, Math::max);
    }
}
