package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.linux.HostFilesystem;
import dev.berth.oci.linux.NativeHostFilesystem;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code none} container through the production wiring lays out its root file system and network namespace with
 * system calls: JFR's record of every process this JVM starts shows no mkdir, mount, umount, unshare or CNI loopback.
 */
class InProcessHostCallsTest
{
    private static final Set<String> REPLACED_BY_SYSTEM_CALLS = Set.of("mkdir", "mount", "umount", "unshare", "loopback");

    @TempDir
    Path stateDirectory;
    private HostNetworkFixture host;
    private YoukiHarness harness;

    @AfterEach
    void tearDown()
    {
        try {
            if (harness != null) {
                harness.close();
            }
        }
        finally {
            if (host != null) {
                host.close();
            }
        }
    }

    @Test
    void aNoneContainerStartsNoProcessForMountsOrItsNamespaceAndHasLoopbackUp()
            throws Exception
    {
        host = new HostNetworkFixture(stateDirectory);
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        NetworkConfig config = host.config("i", "10.254.246.0/24", Duration.ofSeconds(30));
        harness = YoukiHarness.create(TestFlavor.RUNC, Map.of(), new NetworkModule(config), new NetworkFilesModule());
        assertThat(harness.injector().getInstance(HostFilesystem.class)).isInstanceOf(NativeHostFilesystem.class);
        RuntimeBackend backend = harness.backend();
        String id = "inproc-" + host.suffix;
        Path namespace;
        String loopbackFlags;
        List<String> started;

        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart");
            recording.start();
            backend.create(new ContainerRequest(id, ServiceSpec.of(id, YoukiHarness.BUSYBOX, List.of("sleep", "60")), harness.busybox(), Map.of()));
            backend.start(id);
            namespace = harness.injector().getInstance(NetworkManager.class).find(id).orElseThrow().namespacePath().orElseThrow();
            ExecResult flags = backend.exec(id, ExecRequest.of(Duration.ofSeconds(10), "cat", "/sys/class/net/lo/flags"));
            assertThat(flags.exitCode()).as(flags.stderr()).isZero();
            loopbackFlags = flags.stdout().strip();
            backend.remove(id, true);
            recording.stop();
            Path dump = stateDirectory.resolve("process-starts.jfr");
            recording.dump(dump);
            started = RecordingFile.readAllEvents(dump).stream().map(event -> event.getString("command")).toList();
        }

        // IFF_UP | IFF_LOOPBACK
        assertThat(Integer.decode(loopbackFlags) & 0x9).as("lo flags " + loopbackFlags).isEqualTo(0x9);
        assertThat(started).as("the recording saw the container's own processes").anyMatch(command -> command.contains("conmon"));
        assertThat(started).noneMatch(command -> REPLACED_BY_SYSTEM_CALLS.contains(program(command)));
        assertThat(namespace).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"), UTF_8)).doesNotContain(namespace.toString());
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"), UTF_8)).doesNotContain(id);
    }

    private static String program(String command)
    {
        String first = command.strip().split(" ")[0];
        return first.substring(first.lastIndexOf('/') + 1);
    }
}
