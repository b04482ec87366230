package dev.sibyl.tuner.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds algorithm factories on the class path by name or alias, case-insensitively. */
public final class Algorithms {
    private final List<TunerFactory> tuners = new ArrayList<>();
    private final List<AssessorFactory> assessors = new ArrayList<>();

    private Algorithms(ClassLoader loader) {
        ServiceLoader.load(TunerFactory.class, loader).forEach(tuners::add);
        ServiceLoader.load(AssessorFactory.class, loader).forEach(assessors::add);
    }

    private Algorithms(
            Algorithms base, List<? extends TunerFactory> moreTuners, List<? extends AssessorFactory> moreAssessors) {
        tuners.addAll(base.tuners);
        tuners.addAll(moreTuners);
        assessors.addAll(base.assessors);
        assessors.addAll(moreAssessors);
    }

    /**
     * These algorithms and {@code moreTuners} and {@code moreAssessors} (a tenant's plugins, say). On a name both
     * know, the earlier one wins: this instance's before the added ones.
     */
    public Algorithms with(List<? extends TunerFactory> moreTuners, List<? extends AssessorFactory> moreAssessors) {
        return new Algorithms(this, moreTuners, moreAssessors);
    }

    /** Exactly these factories, in this order (earlier ones win on a shared name). */
    public static Algorithms of(List<? extends TunerFactory> tuners, List<? extends AssessorFactory> assessors) {
        return new Algorithms(new Algorithms(List.of(), List.of()), tuners, assessors);
    }

    private Algorithms(List<TunerFactory> tuners, List<AssessorFactory> assessors) {
        this.tuners.addAll(tuners);
        this.assessors.addAll(assessors);
    }

    /** The algorithms visible to {@code loader}. */
    public static Algorithms load(ClassLoader loader) {
        return new Algorithms(loader);
    }

    /** The algorithms visible to this class's own loader. */
    public static Algorithms builtin() {
        return new Algorithms(Algorithms.class.getClassLoader());
    }

    public Optional<TunerFactory> tuner(String name) {
        return tuners.stream().filter(f -> matches(name, f.name(), f.aliases())).findFirst();
    }

    public Optional<AssessorFactory> assessor(String name) {
        return assessors.stream()
                .filter(f -> matches(name, f.name(), f.aliases()))
                .findFirst();
    }

    public List<String> tunerNames() {
        return tuners.stream().map(TunerFactory::name).sorted().toList();
    }

    /** Every tuner factory, in lookup order. */
    public List<TunerFactory> tuners() {
        return List.copyOf(tuners);
    }

    /** Every assessor factory, in lookup order. */
    public List<AssessorFactory> assessors() {
        return List.copyOf(assessors);
    }

    public List<String> assessorNames() {
        return assessors.stream().map(AssessorFactory::name).sorted().toList();
    }

    private static boolean matches(String wanted, String name, List<String> aliases) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return name.toLowerCase(Locale.ROOT).equals(w)
                || aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(w));
    }
}
