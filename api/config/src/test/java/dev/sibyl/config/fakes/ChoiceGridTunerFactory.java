package dev.sibyl.config.fakes;

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
 * Test-only tuner "TestGrid": walks the cartesian product of plain {@code choice} parameters in order, then is
 * exhausted. Takes no classArgs and rejects every other parameter type, naming it by its search-space path.
 */
public final class ChoiceGridTunerFactory implements TunerFactory {
    @Override
    public String name() {
        return "TestGrid";
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        List<Violation> out = new ArrayList<>();
        classArgs
                .asMap()
                .keySet()
                .forEach(k -> out.add(
                        new Violation(classArgs.path() + "." + k, "unknown argument; TestGrid takes no classArgs")));
        space.dimensions().forEach((name, d) -> {
            if (!(d instanceof Choice c) || c.nested()) {
                out.add(new Violation("searchSpace." + name + "._type", "TestGrid supports plain choice only"));
            }
        });
        return out;
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        List<Violation> violations = validate(classArgs, space);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        List<String> names = new ArrayList<>(space.dimensions().keySet());
        List<Choice> choices = new ArrayList<>();
        for (Dimension d : space.dimensions().values()) {
            choices.add((Choice) d);
        }
        long total = choices.stream().mapToLong(Choice::size).reduce(1, Math::multiplyExact);
        return (history, count) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (long index = history.size(); index < total && out.size() < count; index++) {
                Map<String, Object> point = new LinkedHashMap<>();
                long rest = index;
                for (int i = names.size() - 1; i >= 0; i--) {
                    point.put(names.get(i), choices.get(i).option((int)
                            (rest % choices.get(i).size())));
                    rest /= choices.get(i).size();
                }
                Map<String, Object> ordered = new LinkedHashMap<>();
                names.forEach(n -> ordered.put(n, point.get(n)));
                out.add(ordered);
            }
            return out;
        };
    }
}
