package dev.sibyl.tuner.builtin.batch;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.Choice;
import dev.sibyl.tuner.spi.space.Dimension;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BatchTuner} (NNI's {@code Batch}): takes no classArgs; the search space must be a single {@code
 * choice} whose options are parameter dicts.
 */
public final class BatchFactory implements TunerFactory {
    @Override
    public String name() {
        return "BatchTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("Batch");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        List<Violation> out = new ArrayList<>();
        for (String key : classArgs.asMap().keySet()) {
            out.add(new Violation(
                    classArgs.path() + "." + key, "unknown argument; the batch tuner takes no classArgs"));
        }
        if (space.dimensions().size() != 1) {
            out.add(new Violation(
                    "searchSpace",
                    "the batch tuner needs exactly one parameter, a choice listing whole parameter sets; got "
                            + space.dimensions().size()));
            return out;
        }
        Map.Entry<String, Dimension> only =
                space.dimensions().entrySet().iterator().next();
        String at = "searchSpace." + only.getKey();
        if (!(only.getValue() instanceof Choice choice)) {
            out.add(new Violation(
                    at + "._type",
                    "must be choice for the batch tuner, got " + only.getValue().type()));
            return out;
        }
        if (choice.nested()) {
            out.add(new Violation(
                    at + "._value",
                    "options with _name make a nested choice; the batch tuner needs plain parameter dicts"));
            return out;
        }
        for (int i = 0; i < choice.size(); i++) {
            if (!(choice.option(i) instanceof Map<?, ?>)) {
                out.add(new Violation(
                        at + "._value[" + i + "]", "must be a parameter dict (JSON object), got " + choice.option(i)));
            }
        }
        return out;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Choice choice = (Choice) space.dimensions().values().iterator().next();
        List<Map<String, Object>> options = new ArrayList<>();
        for (Object option : choice.options()) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) option).forEach((k, v) -> copy.put(String.valueOf(k), v));
            options.add(copy);
        }
        return new BatchTuner(options);
    }
}
