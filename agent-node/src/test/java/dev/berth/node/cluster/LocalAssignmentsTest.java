package dev.berth.node.cluster;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.core.error.Internal;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.event.EventSink;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceView;
import dev.berth.node.pressure.HostPressureReader;
import dev.berth.node.pressure.NodeConditions;
import dev.berth.node.pressure.PressureConfig;
import dev.berth.node.pressure.PressureMonitor;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.lifecycle.ServiceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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

    @Test
    void underMemoryPressureANewServiceGoesBackToTheSchedulerAsASignalAndOneRunningHereStays()
            throws Exception
    {
        Path host = dataDir.resolve("host");
        write(host.resolve("proc/meminfo"), "MemTotal: 8388608 kB\nMemAvailable: 51200 kB\n");
        write(host.resolve("proc/sys/kernel/pid_max"), "32768");
        write(host.resolve("proc/loadavg"), "0.1 0.1 0.1 1/100 5");
        PressureMonitor monitor = new PressureMonitor(new PressureConfig(100L << 20, 1000, Duration.ofSeconds(10), true, Duration.ZERO, host),
                new HostPressureReader(host), List::of, id -> {}, EventSink.DISCARD, Clock.systemUTC());
        NodeConditions conditions = new NodeConditions(Optional.empty(), Optional.of(monitor));
        ServiceManager services = mock(ServiceManager.class);
        when(services.services()).thenReturn(List.of(new ServiceView("db", "busybox", 1, List.of("db.1"), "running", 1, Optional.empty())));
        when(services.deploy(anyList())).thenReturn(new DeployResult(List.of()));
        LocalAssignments assignments = new LocalAssignments(services, new ClusterLedger(dataDir), conditions);

        AssignmentOutcome outcome = assignments.assigned(assignment("web"));

        assertThat(outcome).isInstanceOfSatisfying(AssignmentOutcome.Signalled.class, signalled -> {
            assertThat(signalled.signal()).isInstanceOf(RouteToPeer.class);
            assertThat(((RouteToPeer) signalled.signal()).reason()).contains("memory pressure: 50Mi available");
        });
        verify(services, never()).deploy(anyList());
        assertThat(assignments.assigned(assignment("db"))).as("already here: not new work").isInstanceOf(AssignmentOutcome.Running.class);
    }

    private static Assignment assignment(String name)
    {
        ServiceDefinition service = ServiceDefinition.parseDeployment("name: " + name + "\nimage: busybox\n").get(0);
        return new Assignment(service, 1, 1, 1);
    }

    private static void write(Path file, String content)
            throws java.io.IOException
    {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, content);
    }
}
