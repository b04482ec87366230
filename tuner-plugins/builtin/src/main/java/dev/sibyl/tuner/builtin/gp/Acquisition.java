package dev.sibyl.tuner.builtin.gp;

import dev.sibyl.tuner.builtin.stats.StandardNormal;
import java.util.Locale;

/**
 * NNI's GP utilities over a posterior {@code N(mean, sd²)} of a score to be maximized, with incumbent {@code best}
 * (Jones, Schonlau &amp; Welch 1998 for EI; Srinivas et al. 2010 for UCB; Kushner 1964 for POI):
 *
 * <ul>
 *   <li>{@code ei}: {@code (mean - best - xi) Φ(z) + sd φ(z)}, {@code z = (mean - best - xi) / sd};
 *   <li>{@code ucb}: {@code mean + kappa sd};
 *   <li>{@code poi}: {@code Φ((mean - best - xi) / sd)}.
 * </ul>
 *
 * With {@code sd = 0} EI is {@code max(mean - best - xi, 0)} and POI is 1 when {@code mean > best + xi}, else 0.
 */
public enum Acquisition {
    EI,
    UCB,
    POI;

    /** Parses {@code ei}, {@code ucb} or {@code poi} in any case. */
    public static Acquisition parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ei":
                return EI;
            case "ucb":
                return UCB;
            case "poi":
                return POI;
            default:
                throw new IllegalArgumentException("must be \"ei\", \"ucb\" or \"poi\", got \"" + text + "\"");
        }
    }

    public double value(double mean, double sd, double best, double kappa, double xi) {
        if (this == UCB) {
            return mean + kappa * sd;
        }
        double improvement = mean - best - xi;
        if (!(sd > 0)) {
            return this == EI ? Math.max(improvement, 0) : (improvement > 0 ? 1 : 0);
        }
        double z = improvement / sd;
        if (this == POI) {
            return StandardNormal.cdf(z);
        }
        return improvement * StandardNormal.cdf(z) + sd * StandardNormal.pdf(z);
    }
}
