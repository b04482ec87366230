package dev.sibyl.server.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sibyl.scheduler.experiment.ParameterSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected texts were printed by CPython 3.11's {@code json.dumps} / {@code repr}. */
class PythonJsonTest {
    @Test
    void writesFloatsAsPythonReprDoes() {
        assertThat(PythonJson.floatRepr(0.0043)).isEqualTo("0.0043");
        assertThat(PythonJson.floatRepr(1e-05)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.floatRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PythonJson.floatRepr(1.0)).isEqualTo("1.0");
        assertThat(PythonJson.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PythonJson.floatRepr(-2.5)).isEqualTo("-2.5");
        assertThat(PythonJson.floatRepr(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PythonJson.floatRepr(5e-324)).isEqualTo("5e-324");
        assertThat(PythonJson.floatRepr(123456789.123)).isEqualTo("123456789.123");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(2e23)).isEqualTo("2e+23");
        assertThat(PythonJson.floatRepr(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(PythonJson.floatRepr(100.0)).isEqualTo("100.0");
        assertThat(PythonJson.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PythonJson.floatRepr(12345678901234567.0)).isEqualTo("1.2345678901234568e+16");
        assertThat(PythonJson.floatRepr(9.999999999999999e22)).isEqualTo("1e+23");
        assertThat(PythonJson.floatRepr(Double.NaN)).isEqualTo("NaN");
        assertThat(PythonJson.floatRepr(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PythonJson.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void escapesStringsAndSeparatesLikeJsonDumps() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", "é\u0001\"\\\n\u007f😀");
        value.put("b", Arrays.asList(1, 2.5, null, true));
        value.put("c", Map.of());
        assertThat(PythonJson.write(value))
                .isEqualTo("{\"a\": \"\\u00e9\\u0001\\\"\\\\\\n\\u007f\\ud83d\\ude00\", \"b\": [1, 2.5, null, true],"
                        + " \"c\": {}}");
    }

    @Test
    void writesTheParameterRecordInNniKeyOrder() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("lr", 0.0043);
        parameters.put("layers", 3);
        parameters.put("optimizer", Map.of("_name", "sgd"));
        assertThat(ParameterRecords.write(0L, ParameterSource.ALGORITHM, parameters))
                .isEqualTo("{\"parameter_id\": 0, \"parameter_source\": \"algorithm\", \"parameters\": {\"lr\": 0.0043,"
                        + " \"layers\": 3, \"optimizer\": {\"_name\": \"sgd\"}}, \"parameter_index\": 0}");
        assertThat(ParameterRecords.write(null, ParameterSource.CUSTOMIZED, Map.of("x", List.of(1, 2))))
                .isEqualTo("{\"parameter_id\": null, \"parameter_source\": \"customized\", \"parameters\": {\"x\": [1,"
                        + " 2]}, \"parameter_index\": 0}");
    }
}
