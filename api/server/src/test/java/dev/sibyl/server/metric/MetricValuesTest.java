package dev.sibyl.server.metric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricValuesTest {
    @Test
    void decodesNumbersAndDictsAsJson() {
        assertThat(MetricValues.decode("0.93").doubleValue()).isEqualTo(0.93);
        assertThat(MetricValues.decode("{\"default\": 0.5, \"loss\": 1.25}").toString())
                .isEqualTo("{\"default\":0.5,\"loss\":1.25}");
    }

    @Test
    void turnsNonFiniteNumbersIntoStringsEvenInsideDicts() {
        assertThat(MetricValues.decode("NaN").textValue()).isEqualTo("NaN");
        assertThat(MetricValues.decode("-Infinity").textValue()).isEqualTo("-Infinity");
        assertThat(MetricValues.decode("{\"default\": Infinity, \"other\": [NaN, 1]}")
                        .toString())
                .isEqualTo("{\"default\":\"Infinity\",\"other\":[\"NaN\",1]}");
    }

    @Test
    void keepsTextThatIsNotJsonAsAString() {
        assertThat(MetricValues.decode("not json").textValue()).isEqualTo("not json");
    }
}
