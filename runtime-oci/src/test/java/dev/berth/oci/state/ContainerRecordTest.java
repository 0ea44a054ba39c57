package dev.berth.oci.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Timeout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

class ContainerRecordTest
{
    private static final ContainerRecord CREATED = new ContainerRecord("c1", "web", "busybox", Instant.EPOCH, Optional.empty(), Map.of(),
            Optional.empty());

    @Test
    void aTimeoutIsRecordedWithWhatTimedOut()
    {
        Timeout timeout = new Timeout(Duration.ofSeconds(30), new CreateFailed("c1", "runc create did not return; killed conmon 42"));

        assertThat(CREATED.failed(timeout).failure()).hasValue(timeout.getMessage()
                + ": Failed to create container 'c1': runc create did not return; killed conmon 42");
    }

    @Test
    void anErrorWithoutAnAgentErrorCauseIsRecordedByItsOwnMessage()
    {
        CreateFailed failed = new CreateFailed("c1", "no such file", new IOException("ENOENT"));

        assertThat(CREATED.failed(failed).failure()).hasValue("Failed to create container 'c1': no such file");
        assertThat(CREATED.failed(failed).stopSignal()).isEqualTo(15);
    }
}
