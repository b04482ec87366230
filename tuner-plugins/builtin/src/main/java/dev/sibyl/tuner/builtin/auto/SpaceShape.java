package dev.sibyl.tuner.builtin.auto;

import dev.sibyl.tuner.builtin.gp.GpFactory;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.NestedOption;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;

/**
 * What {@link AutoTuner} needs to know about a search space to pick its strategies.
 *
 * @param parameters every parameter, nested ones included
 * @param continuous parameters of a numeric type without a q-grid
 * @param conditional some parameter lives under a nested choice
 * @param textOptions some flat choice has an option that is not a number (a string, a boolean, ...)
 * @param gpModelable GPTuner models every parameter (numeric types of the uniform family, numeric options)
 * @param cardinality the number of distinct parameter sets, or {@link Double#POSITIVE_INFINITY} when a
 *     parameter is continuous or an unbounded q-type
 */
record SpaceShape(
        int parameters,
        int continuous,
        boolean conditional,
        boolean textOptions,
        boolean gpModelable,
        double cardinality) {

    static SpaceShape of(SearchSpace space) {
        Counts counts = new Counts();
        counts.walk(space);
        return new SpaceShape(
                counts.parameters,
                counts.continuous,
                counts.conditional,
                counts.textOptions,
                GpFactory.models(space),
                cardinality(space));
    }

    /** True when every parameter set can be tried within {@code budget} trials. */
    boolean enumerableWithin(int budget) {
        return cardinality <= budget;
    }

    /** Every parameter is numeric: a number type, {@code randint}, or a choice among numbers. */
    boolean numericOnly() {
        return !conditional && !textOptions;
    }

    private static final class Counts {
        int parameters;
        int continuous;
        boolean conditional;
        boolean textOptions;

        void walk(SearchSpace space) {
            for (Dimension d : space.dimensions().values()) {
                parameters++;
                if (d instanceof Numeric n && !n.kind().quantized()) {
                    continuous++;
                }
                if (d instanceof Choice c && !c.nested()) {
                    textOptions |= c.options().stream().anyMatch(o -> !(o instanceof Number));
                }
                if (d instanceof Choice c && c.nested()) {
                    conditional = true;
                    for (Object option : c.options()) {
                        walk(((NestedOption) option).subSpace());
                    }
                }
            }
        }
    }

    private static double cardinality(SearchSpace space) {
        double product = 1;
        for (Dimension d : space.dimensions().values()) {
            product *= cardinality(d);
        }
        return product;
    }

    private static double cardinality(Dimension d) {
        if (d instanceof Choice c) {
            if (!c.nested()) {
                return c.size();
            }
            double sum = 0;
            for (Object option : c.options()) {
                sum += cardinality(((NestedOption) option).subSpace());
            }
            return sum;
        }
        if (d instanceof RandInt r) {
            return r.size();
        }
        Numeric n = (Numeric) d;
        if (!n.kind().quantized() || !n.bounded()) {
            return Double.POSITIVE_INFINITY;
        }
        // Multiples of q strictly inside the range, plus the two bounds (clipping lands on them).
        double inner = Math.ceil(n.high() / n.q()) - Math.floor(n.low() / n.q()) - 1;
        return Math.max(0, inner) + 2;
    }
}
