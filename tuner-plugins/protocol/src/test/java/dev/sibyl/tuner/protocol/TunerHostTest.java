package dev.sibyl.tuner.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunerHostTest {
    private static final ObjectMapper JSON = HostConversation.JSON;
    private static final String SPACE = "{\"x\":{\"_type\":\"uniform\",\"_value\":[0,1]},"
            + "\"k\":{\"_type\":\"randint\",\"_value\":[1,4]},"
            + "\"m\":{\"_type\":\"choice\",\"_value\":[{\"_name\":\"svm\",\"C\":{\"_type\":\"quniform\",\"_value\":[1,10,1]}},{\"_name\":\"rf\"}]}}";

    private final HostConversation conversation = new HostConversation();

    private List<JsonNode> send(String... lines) throws Exception {
        return conversation.send(lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpe", "auto"})
    void answersAskWithExactlyNValidParameterLinesAndAcceptsTells(String tuner) throws Exception {
        assertThat(send("{\"cmd\":\"init\",\"searchSpace\":" + SPACE + ",\"seed\":7,\"tuner\":\"" + tuner + "\","
                                + "\"classArgs\":{\"optimize_mode\":\"minimize\"}}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isTrue();
        SearchSpace space = SearchSpace.parse(JSON.readValue(SPACE, Map.class));
        for (int round = 0; round < 30; round++) {
            List<JsonNode> asked = send("{\"cmd\":\"ask\",\"n\":2}");
            assertThat(asked).hasSize(2);
            for (JsonNode line : asked) {
                @SuppressWarnings("unchecked")
                Map<String, Object> params = JSON.convertValue(line.get("params"), Map.class);
                assertThat(space.check(params)).as(line.toString()).isEmpty();
                JsonNode told = send("{\"cmd\":\"tell\",\"id\":" + line.get("id") + ",\"value\":" + (round * 0.1) + "}")
                        .get(0);
                assertThat(told.path("ok").asBoolean()).as(told.toString()).isTrue();
            }
        }
    }

    @Test
    void describeNamesEveryServedTunerAndAssessor() throws Exception {
        JsonNode described = send("{\"cmd\":\"describe\"}").get(0);
        assertThat(described.path("ok").asBoolean()).isTrue();
        List<String> tuners = new ArrayList<>();
        described.path("tuners").forEach(n -> tuners.add(n.asText()));
        List<String> assessors = new ArrayList<>();
        described.path("assessors").forEach(n -> assessors.add(n.asText()));
        assertThat(tuners).isEqualTo(Algorithms.builtin().tunerNames()).contains("TPE");
        assertThat(assessors).isEqualTo(Algorithms.builtin().assessorNames()).contains("Medianstop");
    }

    @Test
    void anAssessorSessionStopsATrialBelowTheMedianOfEndedCurves() throws Exception {
        assertThat(send("{\"cmd\":\"init\",\"assessor\":\"Medianstop\",\"classArgs\":{\"start_step\":2}}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isTrue();
        // Two trials ended with good curves, told as deltas: one curve in two parts, then its end.
        for (int id = 0; id < 2; id++) {
            assertThat(send("{\"cmd\":\"curve\",\"id\":" + id + ",\"params\":{\"x\":" + id
                                    + "},\"from\":0,\"values\":[0.5,0.6]}")
                            .get(0)
                            .path("ok")
                            .asBoolean())
                    .isTrue();
            send("{\"cmd\":\"curve\",\"id\":" + id + ",\"from\":1,\"values\":[0.6,0.7,0.8]}");
            assertThat(send("{\"cmd\":\"end\",\"id\":" + id + ",\"status\":\"succeeded\",\"value\":0.8}")
                            .get(0)
                            .path("ok")
                            .asBoolean())
                    .isTrue();
        }
        // The reserved report form: one value, then the verdict.
        JsonNode first =
                send("{\"cmd\":\"report\",\"id\":2,\"step\":1,\"value\":0.01}").get(0);
        assertThat(first.path("stop").asBoolean()).as(first.toString()).isFalse(); // before start_step
        JsonNode second =
                send("{\"cmd\":\"report\",\"id\":2,\"step\":2,\"value\":0.02}").get(0);
        assertThat(second.path("stop").asBoolean()).as(second.toString()).isTrue();
        JsonNode good = send(
                        "{\"cmd\":\"curve\",\"id\":3,\"from\":0,\"values\":[0.9,0.95]}",
                        "{\"cmd\":\"assess\",\"id\":3}")
                .get(1);
        assertThat(good.path("stop").asBoolean()).as(good.toString()).isFalse();
        assertThat(send("{\"cmd\":\"assess\",\"id\":0}").get(0).path("ok").asBoolean())
                .as("an ended trial is not judged")
                .isFalse();
        assertThat(send("{\"cmd\":\"end\",\"id\":3,\"status\":\"pending\"}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void rejectsUnknownTunersCommandsAndDoubleTells() throws Exception {
        assertThat(send("{\"cmd\":\"init\",\"searchSpace\":" + SPACE + ",\"tuner\":\"NoSuchTuner\"}")
                        .get(0)
                        .path("error")
                        .asText())
                .contains("NoSuchTuner");
        assertThat(send("{\"cmd\":\"fly\"}").get(0).path("ok").asBoolean()).isFalse();
        send("{\"cmd\":\"init\",\"searchSpace\":" + SPACE + ",\"tuner\":\"Random\",\"seed\":1}");
        JsonNode asked = send("{\"cmd\":\"ask\",\"n\":1}").get(0);
        send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"status\":\"failed\"}");
        assertThat(send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"value\":1}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void reportsDoneWhenGridSearchRunsOutOfPoints() throws Exception {
        send(
                "{\"cmd\":\"init\",\"searchSpace\":{\"c\":{\"_type\":\"choice\",\"_value\":[1,2,3]}},\"tuner\":\"GridSearch\"}");
        List<JsonNode> asked = send("{\"cmd\":\"ask\",\"n\":5}");
        assertThat(asked).hasSize(5);
        assertThat(asked.subList(0, 3))
                .allSatisfy(l -> assertThat(l.has("params")).isTrue());
        assertThat(asked.subList(3, 5))
                .allSatisfy(l -> assertThat(l.path("done").asBoolean()).isTrue());
        assertThat(send("{\"cmd\":\"quit\"}").get(0).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aTunerWaitingForPendingResultsIsAskedAgainAfterTheTells() throws Exception {
        send("{\"cmd\":\"init\",\"searchSpace\":{\"x\":{\"_type\":\"uniform\",\"_value\":[0,1]}},"
                + "\"tuner\":\"PBT\",\"seed\":3,\"classArgs\":{\"population_size\":2}}");
        List<JsonNode> first = send("{\"cmd\":\"ask\",\"n\":3}");
        assertThat(first.subList(0, 2))
                .allSatisfy(l -> assertThat(l.has("params")).isTrue());
        assertThat(first.get(2).path("done").asBoolean())
                .as("waits for its generation")
                .isTrue();
        send(
                "{\"cmd\":\"tell\",\"id\":" + first.get(0).get("id") + ",\"value\":0.2}",
                "{\"cmd\":\"tell\",\"id\":" + first.get(1).get("id") + ",\"value\":0.8}");
        JsonNode next = send("{\"cmd\":\"ask\",\"n\":1}").get(0);
        assertThat(next.has("params")).as(next.toString()).isTrue();
        assertThat(next.get("params").has("load_checkpoint_dir")).isTrue();
    }

    @Test
    void observedResultsReplayAHistoryAndRevealAnExhaustedGridToBeDone() throws Exception {
        String grid = "{\"cmd\":\"init\",\"tuner\":\"GridSearch\",\"seed\":1,\"classArgs\":{},"
                + "\"searchSpace\":{\"c\":{\"_type\":\"choice\",\"_value\":[\"a\",\"b\"]}}}";
        assertThat(send(grid).get(0).path("ok").asBoolean()).isTrue();
        // Both points were evaluated elsewhere (a restarted host being replayed): nothing is left to propose.
        JsonNode first = send("{\"cmd\":\"observe\",\"params\":{\"c\":\"a\"},\"value\":1.5}")
                .get(0);
        assertThat(first.path("ok").asBoolean()).isTrue();
        assertThat(first.path("id").asLong()).isZero();
        assertThat(send("{\"cmd\":\"observe\",\"params\":{\"c\":\"b\"},\"status\":\"failed\"}")
                        .get(0)
                        .path("id")
                        .asLong())
                .isEqualTo(1);
        assertThat(send("{\"cmd\":\"ask\",\"n\":1}").get(0).path("done").asBoolean())
                .isTrue();
        // Bad observations are refused without ending the session.
        assertThat(send("{\"cmd\":\"observe\",\"params\":[1]}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isFalse();
        assertThat(send("{\"cmd\":\"observe\",\"params\":{\"c\":\"a\"}}")
                        .get(0)
                        .path("error")
                        .asText())
                .contains("numeric value");
    }
}
