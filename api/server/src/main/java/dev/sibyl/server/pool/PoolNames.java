package dev.sibyl.server.pool;

/**
 * The pool each {@code trainingService} entry of an experiment runs in: Sibyl's {@code platform: pool} names it;
 * NNI's {@code local} is the local pool; NNI's {@code remote} brings its own machines, which become a pool private
 * to the experiment ({@code exp-<id>}, or {@code exp-<id>-<index>} for an entry of a hybrid list).
 */
public final class PoolNames {
    /** The label marking a pool as private to one experiment; its value is the experiment id. */
    public static final String EXPERIMENT_LABEL = "sibyl.dev/experiment";

    private PoolNames() {}

    /**
     * @param index the entry's position in a hybrid list, or -1 for a single entry
     */
    public static String of(String experimentId, String platform, String namedPool, int index) {
        if ("pool".equals(platform)) {
            return namedPool;
        }
        if (platform == null || "local".equals(platform)) {
            return PoolService.LOCAL;
        }
        return "exp-" + experimentId + (index < 0 ? "" : "-" + index);
    }

    /**
     * The experiment a pool is private to, or null for a shared pool. Both the label and the name must say so: an
     * admin may put any label on a shared pool.
     */
    static String experimentOf(PoolEntity pool) {
        String experiment = pool.labels == null ? null : pool.labels.get(EXPERIMENT_LABEL);
        if (experiment == null) {
            return null;
        }
        String name = "exp-" + experiment;
        return pool.name.equals(name) || pool.name.startsWith(name + "-") ? experiment : null;
    }

    /** Whether NNI's platform brings its own machines (a pool private to the experiment). */
    public static boolean privatePool(String platform) {
        return "remote".equals(platform);
    }
}
