package dev.berth.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.SpecParser;

/**
 * Fuzzes the spec parser: any input either parses or is refused with {@link InvalidSpec}; nothing else may escape
 * (no NullPointerException, no stack overflow, no hang). Without {@code JAZZER_FUZZ=1} this replays the regression
 * corpus in {@code src/test/resources/dev/berth/core/fuzz/SpecParserFuzzTestInputs}; scripts/test.sh runs a bounded
 * fuzzing session.
 */
class SpecParserFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void parseDeployment(byte[] input)
    {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        try {
            SpecParser.parseDeployment(text);
        }
        catch (InvalidSpec expected) {
            // refused with a field path: the intended outcome for bad input
        }
    }
}
