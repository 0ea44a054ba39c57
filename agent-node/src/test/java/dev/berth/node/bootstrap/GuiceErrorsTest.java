package dev.berth.node.bootstrap;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GuiceErrorsTest
{
    @Test
    void theAgentErrorAProviderThrewIsFoundAmongSeveralFailedBindings()
    {
        Configuration corrupt = new Configuration("the store /var/lib/berth/state.db is corrupt: file is not a database");
        CreationException creation = new CreationException(List.of(
                new Message(List.of(), "[Guice/ErrorInCustomProvider]: IllegalStateException", new IllegalStateException("metrics not ready")),
                new Message(List.of(), "[Guice/ErrorInCustomProvider]: " + corrupt.getMessage(), new RuntimeException("wrapped", corrupt))));
        assertThat(creation.getCause()).as("Guice names no single cause").isNull();

        AgentError found = GuiceErrors.agentError(creation).orElseThrow();

        assertThat(found).isSameAs(corrupt);
        assertThat(BootErrorFile.of(found).stage()).isEqualTo("config");
        assertThat(BootErrorFile.of(found).message()).doesNotContain("Guice");
    }

    @Test
    void nothingIsInventedWhenNoAgentErrorIsInside()
    {
        CreationException creation = new CreationException(List.of(new Message("no binding for X")));
        assertThat(GuiceErrors.agentError(creation)).isEmpty();
    }
}
