package dev.berth.gpu.assign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.MpsSettings;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.gpu.testing.HostTree;
import dev.berth.gpu.testing.TestingCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A running container's assignment checked again against a fake host tree, as a recovering agent does. */
class AssignmentCheckTest
{
    private static final GpuAssignment MPS = new GpuAssignment(GpuSharing.MPS, List.of("0"), List.of("/dev/nvidia0", "/dev/nvidiactl"),
            Optional.of(MpsSettings.DEFAULTS), OptionalInt.empty(), List.of(), Instant.EPOCH);

    @TempDir
    Path root;

    private final TestingCommandRunner commands = new TestingCommandRunner();

    private HostTree host()
    {
        return new HostTree(root).characterDevice("/dev/nvidia0").characterDevice("/dev/nvidiactl").mps();
    }

    @Test
    void everythingStillThereIsNothingMissing()
    {
        assertThat(new AssignmentCheck(host().view(commands), GpuConfig.DEFAULTS).missing(MPS)).isEmpty();
    }

    @Test
    void aDeviceGoneOrReplacedAndAnMpsPipeGoneAreEachReported()
            throws IOException
    {
        HostTree host = host();
        Files.delete(host.path("/dev/nvidia0"));
        Files.delete(host.path("/dev/nvidiactl"));
        host.file("/dev/nvidiactl", "");
        Files.delete(host.path("/tmp/nvidia-mps/control"));

        assertThat(new AssignmentCheck(host.view(commands), GpuConfig.DEFAULTS).missing(MPS)).satisfiesExactly(
                line -> assertThat(line).startsWith("device /dev/nvidia0 is gone from local host"),
                line -> assertThat(line).startsWith("device /dev/nvidiactl on local host").endsWith("is no longer a device"),
                line -> assertThat(line).startsWith("MPS daemon: MPS control pipe /tmp/nvidia-mps/control does not exist"));
    }

    @Test
    void withTheLiveProbeAnMpsDaemonThatNoLongerAnswersIsReported()
    {
        commands.answer("nvidia-cuda-mps-control", 1, "", "cannot connect to the MPS control daemon");
        List<String> missing = new AssignmentCheck(host().view(commands), GpuConfig.DEFAULTS.withMpsLiveProbe(true)).missing(MPS);
        assertThat(missing).singleElement().asString().startsWith("MPS daemon: live probe").contains("cannot connect");
        assertThat(commands.stdins()).containsExactly("get_server_list\n");
    }
}
