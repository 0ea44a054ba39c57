package dev.berth.node.cluster;

import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.lifecycle.ServiceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

class LocalAssignmentsTest
{
    @TempDir
    Path dataDir;

    @Test
    void aStopThatFailsIsThrownToTheBridgeAndTheServiceStaysInTheLedger()
    {
        ServiceManager services = mock(ServiceManager.class);
        Timeout hung = new Timeout(Duration.ofSeconds(10), new Internal("runc kill did not return"));
        doThrow(hung).when(services).remove("web", true);
        ClusterLedger ledger = new ClusterLedger(dataDir);
        ledger.add("web");

        // the bridge keeps the assignment and asks again only when it hears of the failure
        assertThatThrownBy(() -> new LocalAssignments(services, ledger).unassigned("web")).isSameAs(hung);
        assertThat(ledger.names()).containsExactly("web");
    }

    @Test
    void aServiceAlreadyGoneIsUnassignedQuietly()
    {
        ServiceManager services = mock(ServiceManager.class);
        doThrow(new NotFound("web", "no such service")).when(services).remove("web", true);
        ClusterLedger ledger = new ClusterLedger(dataDir);
        ledger.add("web");

        new LocalAssignments(services, ledger).unassigned("web");

        assertThat(ledger.names()).isEmpty();
    }
}
