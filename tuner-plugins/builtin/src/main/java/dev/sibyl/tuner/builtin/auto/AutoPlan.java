package dev.sibyl.tuner.builtin.auto;

import java.util.List;

/**
 * The strategies {@link AutoTuner} runs, one after another: stage k proposes the parameter sets at history
 * positions {@code [stages[k-1].until, stages[k].until)}; the last stage runs without end.
 */
record AutoPlan(List<Stage> stages) {
    /** Low-dimensional continuous spaces are where a GP wins; its cost grows with the cube of the history. */
    static final int GP_MAX_PARAMETERS = 8;
    /** Beyond this many parameter sets the GP hands over to CMA-ES, which refines around what the GP found. */
    static final int GP_MAX_PROPOSALS = 200;
    /** The share of the budget CMA-ES explores a flat mixed space before annealing refines it. */
    static final double MIXED_EXPLORATION = 0.3;

    /**
     * @param tuner the built-in tuner's name
     * @param until the history position where the stage hands over; {@link Integer#MAX_VALUE} for the last
     * @param warped the stage sees results through a {@link PowerWarp}, as losses
     */
    record Stage(String tuner, int until, boolean warped) {
        Stage(String tuner, int until) {
            this(tuner, until, false);
        }
    }

    AutoPlan {
        stages = List.copyOf(stages);
        if (stages.isEmpty() || stages.get(stages.size() - 1).until() != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the last stage must run without end: " + stages);
        }
    }

    /**
     * The plan for a space of this shape and a budget of {@code budget} trials, decided in this order:
     *
     * <ol>
     *   <li>A space with at most {@code budget} parameter sets is enumerated ({@code GridSearch}): the budget
     *       covers it, and nothing beats trying everything once.
     *   <li>A conditional space (nested choices) goes to CMA-ES, whose elite sampling of the choices keeps every
     *       branch alive while the Gaussian over all numeric parameters, nested ones included, converges inside
     *       the good branch; TPE and annealing settle on the first good branch they find.
     *   <li>A space GPTuner can model with a continuous parameter and at most {@value #GP_MAX_PARAMETERS}
     *       parameters: Gaussian-process Bayesian optimisation on power-warped results ({@link PowerWarp}) for
     *       the first {@code min(budget, }{@value #GP_MAX_PROPOSALS}{@code )} parameter sets, then CMA-ES, which
     *       replays the GP's parameter sets as its first generations and so starts from where the GP got to.
     *   <li>Any other space of numeric parameters only (more parameters, or types of the normal family): CMA-ES.
     *   <li>Anything else (string options among flat parameters): CMA-ES for the first {@value
     *       #MIXED_EXPLORATION} of the budget, whose elite sampling keeps trying every option of every choice,
     *       then annealing around the best parameter sets, which refines the numeric parameters of the best
     *       combinations. Annealing alone settles on the first good option of each choice.
     * </ol>
     */
    static AutoPlan of(SpaceShape shape, int budget) {
        if (shape.enumerableWithin(budget)) {
            return last("GridSearch");
        }
        if (shape.conditional()) {
            return last("CMAES");
        }
        if (shape.gpModelable() && shape.continuous() > 0 && shape.parameters() <= GP_MAX_PARAMETERS) {
            return new AutoPlan(List.of(
                    new Stage("GPTuner", Math.min(budget, GP_MAX_PROPOSALS), true),
                    new Stage("CMAES", Integer.MAX_VALUE)));
        }
        if (shape.numericOnly()) {
            return last("CMAES");
        }
        int explore = (int) Math.max(1, Math.round(MIXED_EXPLORATION * budget));
        return new AutoPlan(List.of(new Stage("CMAES", explore), new Stage("Anneal", Integer.MAX_VALUE)));
    }

    private static AutoPlan last(String tuner) {
        return new AutoPlan(List.of(new Stage(tuner, Integer.MAX_VALUE)));
    }

    /** The index of the stage that proposes the parameter set at history position {@code position}. */
    int stageAt(int position) {
        int k = 0;
        while (position >= stages.get(k).until()) {
            k++;
        }
        return k;
    }
}
