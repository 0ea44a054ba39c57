package dev.berth.core.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest
{
    private static final Redaction SECRETS = Redaction.of(Map.of("TOKEN", "xyz\0", "PASSWORD", "hunter2"));

    @Test
    void takesEverySecretOutOfMessageFieldsAndCausesKeepingVariantAndErrno()
    {
        IOException root = new IOException("exec failed: env TOKEN=\"xyz\\x00\" PASSWORD=hunter2");
        AgentError error = new CreateFailed("web.1", "runc create: TOKEN=xyz\u0000 is invalid", new Internal("config {\"env\":[\"TOKEN=xyz\\u0000\"]}", root), 22);

        AgentError redacted = SECRETS.redact(error);

        assertThat(redacted).isInstanceOfSatisfying(CreateFailed.class, failed -> {
            assertThat(failed.id()).isEqualTo("web.1");
            assertThat(failed.reason()).isEqualTo("runc create: TOKEN=<secret TOKEN> is invalid");
        });
        assertThat(redacted.errno()).hasValue(22);
        assertThat(redacted.getStackTrace()).isEqualTo(error.getStackTrace());
        String wire = ErrorWire.encode(redacted, new ObjectMapper()).toString();
        assertThat(wire).doesNotContain("xyz").doesNotContain("hunter2")
                .contains("Internal: Internal error: config {\\\"env\\\":[\\\"TOKEN=<secret TOKEN>\\\"]}")
                .contains("IOException: exec failed: env TOKEN=\\\"<secret TOKEN>\\\" PASSWORD=<secret PASSWORD>");
        assertThat(redacted.getCause().getCause()).hasMessageContaining("PASSWORD=<secret PASSWORD>");
    }

    @Test
    void anErrorWithoutSecretsStaysTheSameObject()
    {
        AgentError error = new StartFailed("web.1", "exec: \"sh\": not found");
        assertThat(SECRETS.redact(error)).isSameAs(error);
        assertThat(Redaction.NONE.redact(error)).isSameAs(error);
        assertThat(Redaction.of(Map.of("EMPTY", "")).isEmpty()).isTrue();
    }

    @Test
    void aCutNulValueIsRedactedAsCReadsIt()
    {
        assertThat(SECRETS.redact("setenv TOKEN=xyz: invalid argument")).isEqualTo("setenv TOKEN=<secret TOKEN>: invalid argument");
    }

    @Test
    void theSpecsSecretsAreItsSecretEnvValuesOnly()
    {
        Redaction secrets = SpecParser.parseService("name: a\nimage: b\nenv: {MODE: prod, TOKEN: {value: s3cret, secret: true}}\n").secrets();
        assertThat(secrets.redact("MODE=prod TOKEN=s3cret")).isEqualTo("MODE=prod TOKEN=<secret TOKEN>");
    }
}
