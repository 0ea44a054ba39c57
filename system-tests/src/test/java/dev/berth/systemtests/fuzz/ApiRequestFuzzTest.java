package dev.berth.systemtests.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.InvalidSpec;
import dev.berth.node.api.ServiceDocuments;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the local API's request decoding, the part a caller controls: the body of {@code POST /v1/containers}
 * (a run request turned into a service document) and of {@code POST /v1/deploy} (a YAML or JSON deploy document).
 * Any input is decoded or refused with {@link InvalidSpec} (or, for the run body, rejected as malformed JSON before
 * decoding); nothing else may escape. Without {@code JAZZER_FUZZ=1} this replays the corpus in
 * {@code src/test/resources/dev/berth/systemtests/fuzz/ApiRequestFuzzTestInputs}.
 */
class ApiRequestFuzzTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "45s")
    void runRequest(byte[] input)
    {
        JsonNode request;
        try {
            request = JSON.readTree(input);
        }
        catch (java.io.IOException malformed) {
            return;
        }
        if (request == null || !request.isObject()) {
            return;
        }
        try {
            ServiceDocuments.fromRun(request);
        }
        catch (InvalidSpec expected) {
            // refused naming the field: the intended outcome
        }
    }

    @FuzzTest(maxDuration = "45s")
    void deployDocument(byte[] input)
    {
        try {
            ServiceDocuments.fromDeploy(new String(input, StandardCharsets.UTF_8));
        }
        catch (InvalidSpec expected) {
            // refused naming the field: the intended outcome
        }
    }
}
