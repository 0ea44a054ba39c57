package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTest
{
    @Test
    void aRunRequestWithAFieldItDoesNotTakeIsRefusedNamingIt()
            throws Exception
    {
        JsonNode request = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"resources\": {\"memory\": \"64Mi\"}}");
        assertThatThrownBy(() -> ServiceDocuments.fromRun(request))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("resources: unknown field of a run request")
                .hasMessageContaining("command, env, here, image, memory, name, platform, rm");
        JsonNode nested = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"env\": {\"A\": \"1\"}, \"security\": {\"privileged\": true}}");
        assertThatThrownBy(() -> ServiceDocuments.fromRun(nested)).hasMessageContaining("security: unknown field");
        JsonNode wrongType = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"command\": \"sh -c reboot\"}");
        assertThatThrownBy(() -> ServiceDocuments.fromRun(wrongType)).isInstanceOf(InvalidSpec.class).hasMessageContaining("Invalid spec: command: ");
        // what the run request does take still reaches the spec
        JsonNode good = ViewJson.JSON.readTree("{\"name\": \"web\", \"image\": \"busybox\", \"command\": [\"sleep\", \"1\"], \"memory\": \"64Mi\", \"rm\": true}");
        assertThat(ServiceDocuments.fromRun(good).spec().name()).isEqualTo("web");
    }

    @Test
    void aRunRequestsPlatformIsOsArchVariant()
            throws Exception
    {
        JsonNode arm = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"platform\": \"linux/arm64/v8\"}");
        var platform = ServiceDocuments.fromRun(arm).spec().platform();
        assertThat(platform.os()).contains(dev.berth.core.spec.OsFamily.LINUX);
        assertThat(platform.arch()).contains("arm64/v8");
        JsonNode windows = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"platform\": \"windows\"}");
        assertThat(ServiceDocuments.fromRun(windows).spec().platform().arch()).isEmpty();
        JsonNode bad = ViewJson.JSON.readTree("{\"image\": \"busybox\", \"platform\": \"linux/arm64/\"}");
        assertThatThrownBy(() -> ServiceDocuments.fromRun(bad)).isInstanceOf(InvalidSpec.class).hasMessageContaining("platform: \"linux/arm64/\"");
    }

    @Test
    void execPullAndLoadBodiesAreStrictToo()
            throws Exception
    {
        assertThatThrownBy(() -> RequestBodies.read(ViewJson.JSON.readTree("{\"command\": [\"ls\"], \"privileged\": true}"), ExecBody.class, "an exec request"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("privileged: unknown field of an exec request");
        assertThatThrownBy(() -> RequestBodies.read(ViewJson.JSON.readTree("{\"image\": \"a\", \"insecure\": true}"), PullBody.class, "a pull request"))
                .hasMessageContaining("insecure: unknown field of a pull request");
        assertThatThrownBy(() -> RequestBodies.read(ViewJson.JSON.readTree("{\"path\": \"/x\", \"bogus\": 1}"), LoadBody.class, "a load request"))
                .hasMessageContaining("bogus: unknown field of a load request");
    }

    @Test
    void aJsonBodyNestedPastTheBoundIsRefusedBeforeItIsBuilt()
    {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThatThrownBy(() -> ViewJson.JSON.readTree(deep)).hasMessageContaining("nesting depth");
    }

    @Test
    void jettysOwnErrorsAreTheJsonWireForm()
            throws Exception
    {
        JsonNode badRequest = ViewJson.JSON.readTree(new String(JsonErrorHandler.body(400, "Bad URI", null), StandardCharsets.UTF_8));
        assertThat(badRequest.path("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(badRequest.path("message").asText()).contains("Bad URI");
        JsonNode crash = ViewJson.JSON.readTree(new String(JsonErrorHandler.body(500, null, new StackOverflowError()), StandardCharsets.UTF_8));
        assertThat(crash.path("code").asText()).isEqualTo("INTERNAL");
        assertThat(crash.path("message").asText()).contains("StackOverflowError");
    }

    @Test
    void anUnknownEndpointIsNotAMissingContainer()
    {
        NotFound error = NotFound.unknownEndpoint("GET", "/v1/bogus");
        assertThat(error.getMessage()).isEqualTo("unknown API endpoint GET /v1/bogus: the agent serves no such method and path");
        assertThat(error.getMessage()).doesNotContain("Container");
    }
}
