package dev.sibyl.config.fakes;

import dev.sibyl.tuner.spi.Assessor;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Observation;
import dev.sibyl.tuner.spi.OptimizeMode;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Test-only assessor "TestMedianstop": from step {@code start_step} on, stops a trial whose best intermediate
 * value is worse than the median of the other finished trials' running averages at the same step.
 */
public final class MedianStopAssessorFactory implements AssessorFactory {
    @Override
    public String name() {
        return "TestMedianstop";
    }

    @Override
    public List<Violation> validate(Settings classArgs) {
        List<Violation> out = new ArrayList<>(classArgs.unknownKeys(Set.of("optimize_mode", "start_step")));
        try {
            classArgs.optimizeMode(OptimizeMode.MAXIMIZE);
            if (classArgs.getInt("start_step", 0) < 0) {
                out.add(new Violation(classArgs.path() + ".start_step", "must not be negative"));
            }
        } catch (InvalidInputException e) {
            out.addAll(e.violations());
        }
        return out;
    }

    @Override
    public Assessor create(Settings classArgs) {
        List<Violation> violations = validate(classArgs);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        OptimizeMode mode = classArgs.optimizeMode(OptimizeMode.MAXIMIZE);
        int startStep = classArgs.getInt("start_step", 0);
        return (trial, history) -> {
            int step = trial.intermediate().size();
            if (step == 0 || step < startStep) {
                return Assessor.Verdict.GOOD;
            }
            List<Double> averages = new ArrayList<>();
            for (Observation o : history.observations()) {
                if (o.parameterId() != trial.parameterId()
                        && o.outcome().finished()
                        && o.intermediate().size() >= step) {
                    averages.add(o.intermediate().subList(0, step).stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElseThrow());
                }
            }
            if (averages.isEmpty()) {
                return Assessor.Verdict.GOOD;
            }
            averages.sort(null);
            int n = averages.size();
            double median = n % 2 == 1 ? averages.get(n / 2) : (averages.get(n / 2 - 1) + averages.get(n / 2)) / 2;
            double best = trial.intermediate().stream()
                    .reduce((a, b) -> mode.isBetter(a, b) ? a : b)
                    .orElseThrow();
            return mode.isBetter(median, best) ? Assessor.Verdict.BAD : Assessor.Verdict.GOOD;
        };
    }
}
