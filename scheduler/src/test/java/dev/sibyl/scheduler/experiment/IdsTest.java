package dev.sibyl.scheduler.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void experimentIdsAreEightLowerCaseLettersOrDigitsAsNniMakesThem() {
        SplittableRandom rng = new SplittableRandom(1);
        List<String> ids =
                IntStream.range(0, 2000).mapToObj(i -> ExperimentIds.next(rng)).toList();

        assertThat(ids).allMatch(id -> id.matches("[a-z0-9]{8}"));
        assertThat(String.join("", ids).chars().distinct().count()).isEqualTo(36);
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void trialIdsAreFiveCharactersStartingWithALetterAsNniMakesThem() {
        SplittableRandom rng = new SplittableRandom(2);
        List<String> ids =
                IntStream.range(0, 5000).mapToObj(i -> TrialIds.next(rng)).toList();

        assertThat(ids).allMatch(id -> id.matches("[A-Za-z][A-Za-z0-9]{4}"));
        Set<Integer> firsts = new HashSet<>();
        ids.forEach(id -> firsts.add((int) id.charAt(0)));
        assertThat(firsts).hasSize(52);
        assertThat(String.join("", ids).chars().distinct().count()).isEqualTo(62);
    }

    @Test
    void theSameSeedGivesTheSameIds() {
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);

        assertThat(TrialIds.next(a)).isEqualTo(TrialIds.next(b));
        assertThat(ExperimentIds.next(a)).isEqualTo(ExperimentIds.next(b));
    }
}
