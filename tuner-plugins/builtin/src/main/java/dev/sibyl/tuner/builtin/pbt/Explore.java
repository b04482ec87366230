package dev.sibyl.tuner.builtin.pbt;

import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.NestedOption;
import dev.sibyl.tuner.spi.space.Numeric;
import dev.sibyl.tuner.spi.space.RandInt;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * PBT's "explore" step (Jaderberg et al. 2017, section 3: perturb or resample), with NNI's perturbation rules.
 * Each hyper-parameter is, with probability {@code resample_probability}, drawn afresh from its prior; otherwise
 * it moves one step up or down (each with probability 1/2), clipped to its range:
 *
 * <ul>
 *   <li>{@code choice}: to the neighbouring option in the list; {@code randint}: by 1;
 *   <li>{@code uniform} / {@code loguniform}: by {@code factor} times the (log) range;
 *   <li>quantized types: by one q; {@code normal} / {@code lognormal}: by {@code factor} sigma (in log space).
 * </ul>
 *
 * Unlike NNI, a perturbed value always honours NNI's value rules (rounded to q; a {@code qlognormal} never
 * below 0, where NNI can yield 1e-10), and nested choices work: when the option stays, its sub-parameters are
 * perturbed in turn; when it changes, the new option's sub-parameters are drawn from the prior.
 */
final class Explore {
    private final double factor;
    private final double resampleProbability;

    Explore(double factor, double resampleProbability) {
        this.factor = factor;
        this.resampleProbability = resampleProbability;
    }

    /** The perturbed copy of {@code values} (a parameter set of {@code space}, without PBT's own keys). */
    Map<String, Object> perturb(SearchSpace space, Map<?, ?> values, RandomGenerator rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Dimension> e : space.dimensions().entrySet()) {
            out.put(e.getKey(), perturbOne(e.getKey(), e.getValue(), values.get(e.getKey()), rng));
        }
        return out;
    }

    private Object perturbOne(String name, Dimension d, Object value, RandomGenerator rng) {
        boolean resample = rng.nextDouble() < resampleProbability;
        boolean up = rng.nextBoolean();
        if (resample || !d.check(name, value).isEmpty()) {
            return new SearchSpace(Map.of(name, d)).sample(rng).get(name);
        }
        if (d instanceof Choice c) {
            int index = c.indexOf(value);
            int moved = Math.min(Math.max(index + (up ? 1 : -1), 0), c.size() - 1);
            Object option = c.option(moved);
            if (!(option instanceof NestedOption nested)) {
                return option;
            }
            Map<String, Object> chosen = new LinkedHashMap<>();
            chosen.put("_name", nested.name());
            chosen.putAll(
                    moved == index
                            ? perturb(nested.subSpace(), (Map<?, ?>) value, rng)
                            : nested.subSpace().sample(rng));
            return chosen;
        }
        if (d instanceof RandInt r) {
            long v = ((Number) value).longValue() + (up ? 1 : -1);
            return Math.min(Math.max(v, r.lower()), r.upper() - 1);
        }
        Numeric n = (Numeric) d;
        double v = ((Number) value).doubleValue();
        double sign = up ? 1 : -1;
        double moved;
        if (n.kind().quantized()) {
            moved = (Math.rint(v / n.q()) + sign) * n.q();
        } else if (n.bounded()) {
            double span = n.internalHigh() - n.internalLow();
            double internal = n.toInternal(v) + sign * factor * span;
            moved = n.kind().log() ? Math.exp(internal) : internal;
        } else {
            double internal = n.toInternal(v) + sign * factor * n.sigma();
            moved = n.kind().log() ? Math.exp(internal) : internal;
        }
        return valueRules(n, moved);
    }

    /** Round-half-to-even to q, clip to the range (uniform family) or at 0 (log-normal family). */
    private static double valueRules(Numeric n, double v) {
        double x = v;
        if (n.kind().quantized()) {
            x = Math.rint(x / n.q()) * n.q();
        }
        if (n.bounded()) {
            x = Math.min(Math.max(x, n.low()), n.high());
        } else if (n.kind().log()) {
            x = Math.max(x, n.kind().quantized() ? 0 : Double.MIN_NORMAL);
        }
        return x == 0.0 ? 0.0 : x;
    }
}
