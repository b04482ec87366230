package dev.sibyl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlgorithmValidationTest {
    private static final String REST = Fixtures.WITHOUT_ALGORITHMS;

    @Test
    void findsAlgorithmsByNameOrAliasInAnyCase() {
        assertThat(Fixtures.parse(REST + "tuner: {name: testrandom}\n")
                        .config()
                        .tuner()
                        .name())
                .isEqualTo("testrandom");
        assertThat(Fixtures.parse(REST + "tuner: {name: RANDOMFORTESTS}\n")
                        .config()
                        .tuner()
                        .name())
                .isEqualTo("RANDOMFORTESTS");
        assertThat(Fixtures.parse(REST + "tuner: {name: TestGrid}\nassessor: {name: testmedianstop}\n")
                        .config()
                        .assessor()
                        .name())
                .isEqualTo("testmedianstop");
    }

    @Test
    void handsTheParsedSearchSpaceToTheTunerFactory() {
        // TestGrid accepts only plain choices: the same tuner passes or fails with the space
        assertThat(Fixtures.parse(REST + "tuner: {name: TestGrid}\n")
                        .config()
                        .tuner()
                        .name())
                .isEqualTo("TestGrid");
        assertThat(Fixtures.fields("""
                        searchSpace: {opt: {_type: choice, _value: [sgd]}, lr: {_type: normal, _value: [0, 1]}}
                        trialCommand: python3 t.py
                        trialConcurrency: 1
                        tuner: {name: TestGrid, classArgs: {optimize_mode: maximize}}
                        trainingService: {platform: local}
                        """)).containsExactly("tuner.classArgs.optimize_mode", "searchSpace.lr._type");
    }

    @Test
    void rootsClassArgsViolationsUnderTheKeyTheUserWrote() {
        assertThat(Fixtures.fields(REST + "advisor: {name: TestRandom, classArgs: {seed: -4}}\n"))
                .containsExactly("advisor.classArgs.seed");
        assertThat(
                        Fixtures.fields(
                                REST
                                        + "tuner: {name: TestRandom}\nassessor: {name: TestMedianstop, classArgs: {optimize_mode: 1}}\n"))
                .containsExactly("assessor.classArgs.optimize_mode");
    }

    @Test
    void skipsClassArgsValidationWhenTheSearchSpaceIsBroken() {
        assertThat(Fixtures.fields("""
                        searchSpace: {lr: {_type: uniform, _value: [2, 1]}}
                        trialCommand: python3 t.py
                        trialConcurrency: 1
                        tuner: {name: TestRandom, classArgs: {bogus: 1}}
                        trainingService: {platform: local}
                        """)).containsExactly("searchSpace.lr._value");
    }

    @Test
    void saysWhenNoAlgorithmsAreInstalled() {
        Algorithms none = Algorithms.load(new ClassLoader(null) {});
        InvalidInputException e = catchThrowableOfType(
                InvalidInputException.class,
                () -> NniConfigParser.parse(REST + "tuner: {name: TPE}\n", p -> Optional.empty(), none));
        assertThat(e.violations())
                .containsExactly(new Violation("tuner.name", "unknown tuner 'TPE'; no tuners are installed"));
    }

    @Test
    void doesNotLookUpCustomAlgorithms() {
        ParsedConfig parsed =
                Fixtures.parse(REST + "tuner: {className: pkg.Custom, codeDirectory: ., classArgs: {x: 1}}\n");
        assertThat(parsed.config().tuner().className()).isEqualTo("pkg.Custom");
        assertThat(parsed.config().tuner().settings().asMap()).containsEntry("x", 1);
    }

    @Test
    void algorithmConfigEnforcesTheBuiltInOrCustomRule() {
        assertThat(catchThrowable(() -> new AlgorithmConfig(null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> new AlgorithmConfig("TPE", "a.B", ".", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> new AlgorithmConfig(null, "a.B", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AlgorithmConfig("TPE", null, null, null).classArgs()).isEmpty();
        assertThat(List.of(new AlgorithmConfig(null, "a.B", "dir", null).builtin()))
                .containsExactly(false);
    }
}
