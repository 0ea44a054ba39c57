package dev.berth.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.image.oci.ImageConfigDocument;
import dev.berth.image.oci.MalformedContent;
import dev.berth.image.oci.ManifestParser;

import java.util.Optional;

/**
 * Fuzzes the manifest, index and image-config parsers: any input parses or is refused with {@link MalformedContent};
 * nothing else may escape. Without {@code JAZZER_FUZZ=1} this replays the corpus in
 * {@code src/test/resources/dev/berth/image/fuzz/ManifestParserFuzzTestInputs}.
 */
class ManifestParserFuzzTest
{
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input)
    {
        try {
            ManifestParser.parse(input, Optional.empty());
        }
        catch (MalformedContent expected) {
            // refused, saying why: the intended outcome for bad input
        }
        try {
            ImageConfigDocument.parse(input);
        }
        catch (MalformedContent expected) {
            // as above
        }
    }
}
