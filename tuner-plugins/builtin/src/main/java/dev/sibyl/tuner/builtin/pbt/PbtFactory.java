package dev.sibyl.tuner.builtin.pbt;

import dev.sibyl.tuner.builtin.args.ClassArgsCheck;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.Tuner;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.List;

/**
 * {@code PBTTuner} (alias {@code PBT}); see {@link PbtTuner} for the algorithm and {@link PbtArgs} for classArgs.
 * Every NNI type is accepted, nested choices included; a parameter may not be called {@code load_checkpoint_dir}
 * or {@code save_checkpoint_dir}, the keys PBT adds.
 */
public final class PbtFactory implements TunerFactory {
    @Override
    public String name() {
        return "PBTTuner";
    }

    @Override
    public List<String> aliases() {
        return List.of("PBT");
    }

    @Override
    public List<Violation> validate(Settings classArgs, SearchSpace space) {
        ClassArgsCheck check = new ClassArgsCheck();
        PbtArgs.read(classArgs, check);
        checkSpace(space, check);
        return check.violations();
    }

    @Override
    public Tuner create(Settings classArgs, SearchSpace space, long seed) {
        ClassArgsCheck check = new ClassArgsCheck();
        PbtArgs args = PbtArgs.read(classArgs, check);
        checkSpace(space, check);
        check.throwIfAny();
        return new PbtTuner(space, args, seed);
    }

    private static void checkSpace(SearchSpace space, ClassArgsCheck check) {
        for (String key : List.of(PbtTuner.LOAD_KEY, PbtTuner.SAVE_KEY)) {
            check.require(
                    !space.dimensions().containsKey(key),
                    "searchSpace." + key,
                    "is the key PBT adds to every trial's parameters; rename this parameter");
        }
    }
}
