package dev.sibyl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PythonStyleJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersLikePythonsJsonDumpsWithIndentFourSortedKeysAndCompactSeparators() throws Exception {
        String rendered = PythonStyleJson.render(JSON.readTree(
                "{\"b\":[1,2.5,\"x\"],\"a\":{\"z\":null,\"y\":true},\"c\":[],\"d\":{},\"e\":\"quote\\\" é\"}"));

        assertThat(rendered).isEqualTo("""
                        {
                            "a":{
                                "y":true,
                                "z":null
                            },
                            "b":[
                                1,
                                2.5,
                                "x"
                            ],
                            "c":[],
                            "d":{},
                            "e":"quote\\" é"
                        }""");
    }

    @Test
    void rendersScalarsAndEmptyTopLevels() throws Exception {
        assertThat(PythonStyleJson.render(JSON.readTree("[]"))).isEqualTo("[]");
        assertThat(PythonStyleJson.render(JSON.readTree("0.93"))).isEqualTo("0.93");
        assertThat(PythonStyleJson.render(JSON.readTree("\"RUNNING\""))).isEqualTo("\"RUNNING\"");
    }
}
