package dev.berth.core.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictYamlNestingTest
{
    @Test
    void aDocumentNestedThousandsDeepIsRefusedNamingTheBound()
    {
        String flow = "a: " + "[".repeat(50_000) + "]".repeat(50_000);
        assertThatThrownBy(() -> StrictYaml.read(flow))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nested deeper than " + StrictYaml.MAX_NESTING);
        String json = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        assertThatThrownBy(() -> StrictYaml.read(json))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nested deeper than " + StrictYaml.MAX_NESTING);
    }

    @Test
    void blockNestingJustOverTheBoundIsRefusedAndAtTheBoundIsRead()
            throws JsonProcessingException
    {
        assertThatThrownBy(() -> StrictYaml.read(block(StrictYaml.MAX_NESTING + 1)))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nested deeper than");
        JsonNode deepest = StrictYaml.read(block(StrictYaml.MAX_NESTING));
        for (int level = 0; level < StrictYaml.MAX_NESTING - 1; level++) {
            deepest = deepest.get("k");
        }
        assertThat(deepest.get("k").asText()).isEqualTo("leaf");
    }

    /** {@code levels} mappings, one inside the other, the innermost holding {@code k: leaf}. */
    private static String block(int levels)
    {
        StringBuilder text = new StringBuilder();
        for (int level = 0; level < levels - 1; level++) {
            text.append("  ".repeat(level)).append("k:\n");
        }
        return text.append("  ".repeat(levels - 1)).append("k: leaf\n").toString();
    }
}
