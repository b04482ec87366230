package dev.sibyl.tuner.builtin.hyperband;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BracketPlanTest {

    private static List<Rung> rungs(int... configsAndBudgets) {
        List<Rung> out = new java.util.ArrayList<>();
        for (int i = 0; i < configsAndBudgets.length; i += 2) {
            out.add(new Rung(configsAndBudgets[i], configsAndBudgets[i + 1]));
        }
        return out;
    }

    @Test
    void nniDefaultsR60Eta3GiveFourBracketsWithFlooredBudgets() {
        BracketPlan plan = new BracketPlan(60, 3, 60);
        assertThat(plan.sMax()).isEqualTo(3);
        assertThat(plan.bracket(3)).containsExactlyElementsOf(rungs(27, 2, 9, 6, 3, 20, 1, 60));
        assertThat(plan.bracket(2)).containsExactlyElementsOf(rungs(12, 6, 4, 20, 1, 60));
        assertThat(plan.bracket(1)).containsExactlyElementsOf(rungs(6, 20, 2, 60));
        assertThat(plan.bracket(0)).containsExactlyElementsOf(rungs(4, 60));
        assertThat(List.of(plan.totalBudget(3), plan.totalBudget(2), plan.totalBudget(1), plan.totalBudget(0)))
                .containsExactly(228L, 212L, 240L, 240L);
    }

    @Test
    void r81Eta3MatchesTheHyperbandPaperTable() {
        BracketPlan plan = new BracketPlan(81, 3, 81);
        assertThat(plan.sMax()).isEqualTo(4);
        assertThat(plan.bracket(4)).containsExactlyElementsOf(rungs(81, 1, 27, 3, 9, 9, 3, 27, 1, 81));
        assertThat(plan.bracket(3)).containsExactlyElementsOf(rungs(34, 3, 11, 9, 3, 27, 1, 81));
        assertThat(plan.bracket(2)).containsExactlyElementsOf(rungs(15, 9, 5, 27, 1, 81));
        assertThat(plan.bracket(1)).containsExactlyElementsOf(rungs(8, 27, 2, 81));
        assertThat(plan.bracket(0)).containsExactlyElementsOf(rungs(5, 81));
        assertThat(List.of(
                        plan.totalBudget(4),
                        plan.totalBudget(3),
                        plan.totalBudget(2),
                        plan.totalBudget(1),
                        plan.totalBudget(0)))
                .containsExactly(405L, 363L, 351L, 378L, 405L);
    }

    @Test
    void exactPowersOfEtaDoNotLoseARoundToFloatingPoint() {
        // log(243) / log(3) is 4.999999999999999 in doubles; NNI's + 1e-6 keeps s_max at 5.
        assertThat(new BracketPlan(243, 3, 243).sMax()).isEqualTo(5);
        assertThat(new BracketPlan(1000, 10, 1000).sMax()).isEqualTo(3);
    }

    @Test
    void bohbDefaultsMinBudget1MaxBudget3GiveTwoBrackets() {
        BracketPlan plan = new BracketPlan(3.0 / 1.0, 3, 3);
        assertThat(plan.sMax()).isEqualTo(1);
        assertThat(plan.bracket(1)).containsExactlyElementsOf(rungs(3, 1, 1, 3));
        assertThat(plan.bracket(0)).containsExactlyElementsOf(rungs(2, 3));
    }

    @Test
    void bracketsCycleFromSMaxDownToZeroAndAgain() {
        BracketPlan plan = new BracketPlan(60, 3, 60);
        assertThat(List.of(plan.sOf(0), plan.sOf(1), plan.sOf(2), plan.sOf(3), plan.sOf(4), plan.sOf(9)))
                .containsExactly(3, 2, 1, 0, 3, 2);
    }

    @Test
    void rejectsEtaBelowTwo() {
        assertThatThrownBy(() -> new BracketPlan(60, 1, 60)).isInstanceOf(IllegalArgumentException.class);
    }
}
