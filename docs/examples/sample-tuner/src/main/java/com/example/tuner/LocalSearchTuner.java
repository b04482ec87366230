package com.example.tuner;

import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A sample Sibyl plugin: local search. The first {@code warmup} proposals are random; after that each proposal
 * takes the best parameters seen so far and re-draws one top-level parameter at random (a whole nested choice
 * when the parameter is one), or, with probability {@code explore}, is random again. It never proposes a
 * parameter set twice, but finds new ones by drawing, so on a small discrete space it may stop before every
 * point was tried. Stateless: everything it knows comes from the history it is given, so it gives the same
 * answers after a restart.
 *
 * <p>classArgs: {@code optimize_mode} (maximize | minimize, default maximize), {@code warmup} (default 5),
 * {@code explore} (default 0.2).
 */
public final class LocalSearchTuner implements TunerFactory {
    @Override
    public String name() {
        return "SampleLocalSearch";
    }

    private static final Set<String> ARGS = Set.of("optimize_mode", "warmup", "explore");
    private static final int DRAWS_PER_PROPOSAL = 100;

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        List<Violation> problems = new ArrayList<>();
        for (String key : classArgs.asMap().keySet()) {
            if (!ARGS.contains(key)) {
                problems.add(new Violation("classArgs." + key, "is not an argument of " + name() + "; known: " + ARGS));
            }
        }
        String mode = classArgs.getString("optimize_mode", "maximize");
        if (!mode.equalsIgnoreCase("maximize") && !mode.equalsIgnoreCase("minimize")) {
            problems.add(new Violation("classArgs.optimize_mode", "must be 'maximize' or 'minimize'"));
        }
        if (classArgs.getInt("warmup", 5) < 1) {
            problems.add(new Violation("classArgs.warmup", "must be at least 1"));
        }
        double explore = classArgs.getDouble("explore", 0.2);
        if (!(explore >= 0 && explore <= 1)) {
            problems.add(new Violation("classArgs.explore", "must be between 0 and 1"));
        }
        return problems;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> problems = validate(classArgs, space);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        OptimizeMode mode = OptimizeMode.parse(classArgs.getString("optimize_mode", "maximize"));
        int warmup = classArgs.getInt("warmup", 5);
        double explore = classArgs.getDouble("explore", 0.2);
        return (history, count) -> propose(history, count, space, mode, warmup, explore, seed);
    }

    private static List<Map<String, Object>> propose(
            History history, int count, SearchSpace space, OptimizeMode mode, int warmup, double explore, long seed) {
        // Seeded by the history's size, so the same history always gives the same answer.
        SplittableRandom rng = new SplittableRandom(seed * 31 + history.observations().size());
        Optional<Observation> best = history.observations().stream()
                .filter(Observation::hasValue)
                .min(Comparator.comparingDouble(o -> mode.toLoss(o.value())));
        long finished = history.observations().stream().filter(Observation::hasValue).count();
        // Never propose a parameter set twice; a small discrete space may run out.
        Set<String> seen = new HashSet<>();
        history.observations().forEach(o -> seen.add(canonical(o.parameters())));
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> chosen = null;
            for (int draw = 0; draw < DRAWS_PER_PROPOSAL && chosen == null; draw++) {
                Map<String, Object> candidate = candidate(space, rng, best, finished, warmup, explore);
                if (seen.add(canonical(candidate))) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                break; // nothing new found: fewer proposals tell the driver to wait or stop
            }
            out.add(chosen);
        }
        return out;
    }

    private static Map<String, Object> candidate(
            SearchSpace space, SplittableRandom rng, Optional<Observation> best, long finished, int warmup,
            double explore) {
        Map<String, Object> fresh = space.sample(rng);
        boolean sameSpace = best.isPresent() && best.get().parameters().keySet().equals(fresh.keySet());
        if (!sameSpace || finished < warmup || rng.nextDouble() < explore) {
            return fresh;
        }
        Map<String, Object> neighbour = new LinkedHashMap<>(best.get().parameters());
        List<String> keys = new ArrayList<>(fresh.keySet());
        String key = keys.get(rng.nextInt(keys.size()));
        neighbour.put(key, fresh.get(key));
        return neighbour;
    }

    /** The same text for equal parameter sets, whatever the order of their keys. */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (value instanceof Number n) {
            return Double.toString(n.doubleValue());
        }
        return String.valueOf(value);
    }
}
