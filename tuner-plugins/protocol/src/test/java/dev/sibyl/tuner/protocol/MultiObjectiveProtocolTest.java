package dev.sibyl.tuner.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiObjectiveProtocolTest {
    private static final ObjectMapper JSON = HostConversation.JSON;
    private static final String SPACE = "{\"x\":{\"_type\":\"uniform\",\"_value\":[0,1]}}";
    private static final String OBJECTIVES =
            "[{\"metric\":\"f1\",\"mode\":\"minimize\"},{\"metric\":\"acc\",\"mode\":\"maximize\"}]";

    private final HostConversation conversation = new HostConversation();

    private List<JsonNode> send(String... lines) throws Exception {
        return conversation.send(lines);
    }

    private JsonNode init(String tuner, String objectives) throws Exception {
        return send("{\"cmd\":\"init\",\"searchSpace\":" + SPACE + ",\"seed\":3,\"tuner\":\"" + tuner
                        + "\",\"objectives\":" + objectives + "}")
                .get(0);
    }

    @Test
    void tellsCarryOneValuePerObjectiveAndFrontAnswersTheParetoSet() throws Exception {
        assertThat(init("TPE", OBJECTIVES).path("ok").asBoolean()).isTrue();
        for (int i = 0; i < 20; i++) {
            JsonNode asked = send("{\"cmd\":\"ask\",\"n\":1}").get(0);
            double x = asked.path("params").path("x").asDouble();
            // f1 = x (minimized), acc = x (maximized): every point is on the front.
            JsonNode told = send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"values\":{\"f1\":" + x
                            + ",\"acc\":" + x + "}}")
                    .get(0);
            assertThat(told.path("ok").asBoolean()).as(told.toString()).isTrue();
        }
        assertThat(send("{\"cmd\":\"tell\",\"id\":99,\"status\":\"failed\"}")
                        .get(0)
                        .path("ok")
                        .asBoolean())
                .isFalse();
        JsonNode front = send("{\"cmd\":\"front\"}").get(0);
        assertThat(front.path("front")).hasSize(20);
        JsonNode first = front.path("front").get(0);
        assertThat(first.path("values").path("f1").asDouble())
                .isEqualTo(first.path("params").path("x").asDouble());
        assertThat(first.path("values").path("acc").isNumber()).isTrue();
    }

    @Test
    void aTellWithoutEveryObjectiveIsRefusedNamingTheMetrics() throws Exception {
        init("Random", OBJECTIVES);
        JsonNode asked = send("{\"cmd\":\"ask\",\"n\":1}").get(0);
        JsonNode scalar = send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"value\":0.5}")
                .get(0);
        assertThat(scalar.path("error").asText()).contains("values");
        JsonNode partial = send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"values\":{\"f1\":0.5}}")
                .get(0);
        assertThat(partial.path("error").asText()).contains("f1, acc");
        JsonNode ok = send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"values\":{\"f1\":0.5,\"acc\":1}}")
                .get(0);
        assertThat(ok.path("ok").asBoolean()).isTrue();
    }

    @Test
    void observeTakesValuesToo() throws Exception {
        init("TPE", OBJECTIVES);
        JsonNode observed = send("{\"cmd\":\"observe\",\"params\":{\"x\":0.25},\"values\":{\"f1\":0.25,\"acc\":0.7}}")
                .get(0);
        assertThat(observed.path("id").asLong()).isZero();
        assertThat(send("{\"cmd\":\"front\"}")
                        .get(0)
                        .path("front")
                        .get(0)
                        .path("values")
                        .path("acc")
                        .asDouble())
                .isEqualTo(0.7);
    }

    @Test
    void badObjectivesAndSingleMetricTunersAreRefusedAtInitNamingTheField() throws Exception {
        JsonNode badMode =
                init("TPE", "[{\"metric\":\"f1\",\"mode\":\"minimize\"},{\"metric\":\"f2\",\"mode\":\"up\"}]");
        assertThat(badMode.path("violations").get(0).path("field").asText()).isEqualTo("objectives[1].mode");
        JsonNode anneal = init("Anneal", OBJECTIVES);
        assertThat(anneal.path("ok").asBoolean()).isFalse();
        assertThat(anneal.path("violations").get(0).path("field").asText()).isEqualTo("objectives");
        JsonNode one = init("TPE", "[{\"metric\":\"f1\",\"mode\":\"minimize\"}]");
        assertThat(one.path("violations").get(0).path("field").asText()).isEqualTo("objectives");
    }

    @Test
    void aSingleObjectiveSessionIgnoresValuesAndHasNoFront() throws Exception {
        send("{\"cmd\":\"init\",\"searchSpace\":" + SPACE + ",\"seed\":3,\"tuner\":\"TPE\"}");
        JsonNode asked = send("{\"cmd\":\"ask\",\"n\":1}").get(0);
        JsonNode told = send("{\"cmd\":\"tell\",\"id\":" + asked.get("id") + ",\"value\":1,\"values\":{\"a\":2}}")
                .get(0);
        assertThat(told.path("ok").asBoolean()).isTrue();
        assertThat(send("{\"cmd\":\"front\"}").get(0).path("error").asText()).contains("objectives");
    }
}
