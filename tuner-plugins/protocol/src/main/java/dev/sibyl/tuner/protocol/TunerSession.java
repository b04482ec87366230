package dev.sibyl.tuner.protocol;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.History;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.Reward;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.pareto.ParetoFront;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One run of the tuner line protocol (shared/bench/PROTOCOL.md): a tuner, its search space and the history
 * built from asks and tells. Ids are the NNI parameter ids, from 0. A session over several {@link Objective}s
 * (Sibyl extension) takes one value per objective in each result and can answer its Pareto set.
 */
final class TunerSession {
    /** One answer line of an ask: parameters for a new id, or "done". */
    record Proposal(Long id, Map<String, Object> params) {
        boolean done() {
            return id == null;
        }
    }

    private final Tuner tuner;
    private final List<Objective> objectives;
    private final List<Observation> observations = new ArrayList<>();
    private final Map<Long, Integer> indexById = new LinkedHashMap<>();
    private boolean exhausted;

    private TunerSession(Tuner tuner, List<Objective> objectives) {
        this.tuner = tuner;
        this.objectives = objectives;
    }

    /**
     * @throws InvalidInputException for an unknown tuner name, a bad space or bad classArgs
     */
    static TunerSession start(
            Algorithms algorithms,
            String tunerName,
            Object searchSpace,
            Map<String, Object> classArgs,
            long seed,
            List<Objective> objectives) {
        TunerFactory factory = algorithms
                .tuner(tunerName)
                .orElseThrow(() -> new InvalidInputException(
                        "tuner",
                        "unknown tuner '" + tunerName + "'; known: " + String.join(", ", algorithms.tunerNames())));
        SearchSpace space = SearchSpace.parse(searchSpace, "searchSpace");
        Settings settings = new Settings(classArgs);
        List<Violation> violations = factory.validate(settings, space, objectives);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new TunerSession(factory.create(settings, space, seed, objectives), objectives);
    }

    List<Objective> objectives() {
        return objectives;
    }

    /** Whether results carry one value per objective. */
    boolean multiObjective() {
        return Objective.several(objectives);
    }

    /**
     * The values of a multi-objective result ({@code {"metric": value, ...}}) in objective order.
     *
     * @throws IllegalArgumentException naming the metrics when one is missing or not a number
     */
    List<Double> values(Map<String, Object> reported) {
        return Reward.vector(reported, objectives)
                .orElseThrow(() -> new IllegalArgumentException("values needs a number for every objective: "
                        + objectives.stream().map(Objective::metric).collect(Collectors.joining(", "))));
    }

    /** The Pareto set of the results so far, in {@link ParetoFront#of} order. */
    List<Observation> front() {
        return ParetoFront.of(new History(observations), objectives);
    }

    List<Proposal> ask(int n) {
        List<Proposal> out = new ArrayList<>();
        if (!exhausted) {
            List<Map<String, Object>> proposals = tuner.ask(new History(observations), n);
            for (Map<String, Object> params : proposals.subList(0, Math.min(n, proposals.size()))) {
                long id = observations.size();
                indexById.put(id, observations.size());
                observations.add(Observation.pending(id, params));
                out.add(new Proposal(id, params));
            }
            // A short answer while asked ids are still pending may mean "wait for results" (PBT between
            // generations, serial Hyperband); only a short answer with nothing pending is final.
            boolean pending = observations.stream().anyMatch(o -> o.outcome() == Observation.Outcome.PENDING);
            exhausted = proposals.size() < n && !pending;
        }
        while (out.size() < n) {
            out.add(new Proposal(null, null));
        }
        return out;
    }

    /** Records the outcome of an asked id; {@code value} null means the evaluation failed. */
    void tell(long id, Double value) {
        tell(id, value == null ? null : List.of(value));
    }

    /**
     * Records the outcome of an asked id: one value, or one per objective in a multi-objective session; null
     * means the evaluation failed.
     */
    void tell(long id, List<Double> values) {
        Integer index = Optional.ofNullable(indexById.get(id))
                .orElseThrow(() -> new IllegalArgumentException("unknown id " + id));
        Observation pending = observations.get(index);
        if (pending.outcome() != Observation.Outcome.PENDING) {
            throw new IllegalArgumentException("id " + id + " was already told");
        }
        observations.set(index, finished(id, pending.parameters(), values));
    }

    private Observation finished(long id, Map<String, Object> params, List<Double> values) {
        if (values == null) {
            return new Observation(id, params, Observation.Outcome.FAILED, null, List.of());
        }
        return multiObjective()
                ? Observation.succeeded(id, params, values)
                : Observation.succeeded(id, params, values.get(0));
    }

    /**
     * Records a finished evaluation the tuner did not propose through this session (Sibyl extension: replay of
     * an experiment's history into a fresh host, customized or imported trials); {@code value} null: failed.
     */
    long observe(Map<String, Object> params, Double value) {
        return observe(params, value == null ? null : List.of(value));
    }

    /** {@link #observe(Map, Double)} with one value per objective in a multi-objective session. */
    long observe(Map<String, Object> params, List<Double> values) {
        long id = observations.size();
        return add(finished(id, Map.copyOf(params), values));
    }

    /**
     * Records an evaluation still running that the tuner did not propose through this session (a replayed
     * history's trials in flight); its result comes later with {@link #tell}.
     */
    long observePending(Map<String, Object> params) {
        return add(Observation.pending(observations.size(), Map.copyOf(params)));
    }

    private long add(Observation observation) {
        long id = observation.parameterId();
        indexById.put(id, observations.size());
        observations.add(observation);
        exhausted = false; // new knowledge may make a finished tuner propose again
        return id;
    }

    static String describe(InvalidInputException e) {
        return e.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
