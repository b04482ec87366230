package dev.sibyl.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NniExportFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void jsonListsParameterDecodedValueAndTrialJobId() throws Exception {
        List<ExportedTrial> trials = List.of(
                new ExportedTrial("Ab3x9", json("{\"x\": 1.5, \"shape\": \"bowl\"}"), "0.93", List.of("0.1", "0.5")),
                new ExportedTrial("Zz001", json("{\"x\": -2}"), "{\"default\": 0.7, \"loss\": 3}", List.of()));

        assertThat(NniExportFormat.json(trials, false).toString())
                .isEqualTo(
                        "[{\"parameter\":{\"x\":1.5,\"shape\":\"bowl\"},\"value\":0.93,\"trialJobId\":\"Ab3x9\"},"
                                + "{\"parameter\":{\"x\":-2},\"value\":{\"default\":0.7,\"loss\":3},\"trialJobId\":\"Zz001\"}]");
        assertThat(NniExportFormat.json(trials, true).get(0).get("intermediate").toString())
                .isEqualTo("[0.1,0.5]");
    }

    @Test
    void csvHasParameterColumnsThenRewardThenTrialJobIdForScalarMetrics() throws Exception {
        List<ExportedTrial> trials = List.of(
                new ExportedTrial("Ab3x9", json("{\"x\": 1.5, \"y\": 2.0}"), "0.93", List.of()),
                new ExportedTrial("Cd4y0", json("{\"x\": -1, \"y\": 0.5}"), "0.25", List.of()));

        assertThat(NniExportFormat.csv(trials, false))
                .isEqualTo("x,y,reward,trialJobId\r\n1.5,2.0,0.93,Ab3x9\r\n-1,0.5,0.25,Cd4y0\r\n");
    }

    @Test
    void csvSpreadsDictMetricsIntoOneColumnPerKey() throws Exception {
        List<ExportedTrial> trials = List.of(
                new ExportedTrial("Ab3x9", json("{\"lr\": 0.01}"), "{\"default\": 0.9, \"loss\": 0.3}", List.of()),
                new ExportedTrial("Cd4y0", json("{\"lr\": 0.1}"), "{\"default\": 0.8, \"time\": 12}", List.of()));

        assertThat(NniExportFormat.csv(trials, false))
                .isEqualTo("lr,default,loss,time,trialJobId\r\n0.01,0.9,0.3,,Ab3x9\r\n0.1,0.8,,12,Cd4y0\r\n");
    }

    @Test
    void csvAppendsIntermediateResultsAsNnictlJoinsThem() throws Exception {
        List<ExportedTrial> trials =
                List.of(new ExportedTrial("Ab3x9", json("{\"x\": 1}"), "3.5", List.of("1.0", "2.5", "3.5")));

        assertThat(NniExportFormat.csv(trials, true))
                .isEqualTo("x,reward,trialJobId,intermediate\r\n1,3.5,Ab3x9,\"[1.0,2.5,3.5]\"\r\n");
    }

    @Test
    void csvWritesNestedChoicesAsQuotedJsonText() throws Exception {
        List<ExportedTrial> trials = List.of(new ExportedTrial(
                "Ab3x9",
                json("{\"optimizer\": {\"_name\": \"sgd\", \"momentum\": 0.9}, \"tag\": \"a\\\"b\"}"),
                "NaN",
                List.of()));

        assertThat(NniExportFormat.csv(trials, false))
                .isEqualTo("optimizer,tag,reward,trialJobId\r\n"
                        + "\"{\"\"_name\"\":\"\"sgd\"\",\"\"momentum\"\":0.9}\",\"a\"\"b\",NaN,Ab3x9\r\n");
    }

    @Test
    void csvOfNoTrialsIsTheHeaderOnly() {
        assertThat(NniExportFormat.csv(List.of(), false)).isEqualTo("trialJobId\r\n");
    }
}
