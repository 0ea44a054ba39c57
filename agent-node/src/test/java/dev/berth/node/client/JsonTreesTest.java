package dev.berth.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JsonTrees reads and writes what ObjectMapper would, without one. */
class JsonTreesTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAMPLE = """
            {"id":"web.1","pid":4242,"big":12345678901234,"huge":123456789012345678901234567890,"ratio":0.25,
             "running":true,"oom":false,"exit":null,"tags":["a","b\\"c",{"nested":[1,2.5,[]]}],"empty":{},
             "text":"tab\\tnew\\nline \\u00e9 \\ud83d\\ude00"}""";

    @Test
    void readsTheTreeObjectMapperReads()
            throws IOException
    {
        JsonNode read = JsonTrees.read(SAMPLE);
        assertThat(read).isEqualTo(MAPPER.readTree(SAMPLE));
        assertThat(read.get("pid").isInt()).isTrue();
        assertThat(read.get("big").isLong()).isTrue();
        assertThat(read.get("huge").isBigInteger()).isTrue();
        assertThat(read.get("ratio").isDouble()).isTrue();
        assertThat(read.get("exit").isNull()).isTrue();
    }

    @Test
    void writesWhatObjectMapperWrites()
            throws IOException
    {
        JsonNode tree = MAPPER.readTree(SAMPLE);
        assertThat(JsonTrees.write(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(JsonTrees.pretty(tree)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        assertThat(JsonTrees.write(JsonTrees.object().put("name", "x").put("n", 1))).isEqualTo("{\"name\":\"x\",\"n\":1}");
    }

    @Test
    void emptyTextIsAMissingNodeAndTruncatedTextFails()
            throws IOException
    {
        assertThat(JsonTrees.read("").isMissingNode()).isTrue();
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":[1,")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":")).isInstanceOf(IOException.class);
    }
}
