package dev.sibyl.trainers.openpai;

/**
 * Checks that an OpenPAI cluster answers and accepts the pool's token: it asks for a job that does not exist, which
 * a healthy cluster answers with "no such job" and a refused token with 401/403.
 */
public final class OpenPaiProbe {
    private static final String NO_SUCH_JOB = "sibyl-health-probe";

    private OpenPaiProbe() {}

    /** @throws dev.sibyl.trainers.core.TrainerException when the cluster is unreachable or refuses the token */
    public static void check(OpenPaiSettings settings) {
        new OpenPaiClient(settings).job(NO_SUCH_JOB);
    }
}
