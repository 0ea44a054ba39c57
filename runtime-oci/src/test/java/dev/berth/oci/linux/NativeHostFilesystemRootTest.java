package dev.berth.oci.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.bundle.RootfsMounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real system calls (root): overlay mounts and a network namespace with loopback up. */
class NativeHostFilesystemRootTest
{
    private static final Path THREAD_NETWORK_NAMESPACE = Path.of("/proc/thread-self/ns/net");

    @TempDir
    Path directory;
    private NativeHostFilesystem filesystem;

    @BeforeEach
    void setUp()
    {
        Requirements.requireRoot();
        filesystem = new NativeHostFilesystem(new LazyLibC(), Duration.ofSeconds(10));
    }

    @Test
    void aMountOnAMissingTargetReportsEnoentAndThePath()
    {
        Path lower = directory.resolve("lower");
        String missing = directory.resolve("missing").resolve("rootfs").toString();

        assertThatThrownBy(() -> filesystem.mountOverlay("lowerdir=" + lower + ",upperdir=/nonexistent/u,workdir=/nonexistent/w", missing))
                .isInstanceOfSatisfying(HostCallFailed.class, e -> assertThat(e.errno()).hasValue(Errno.ENOENT))
                .hasMessageContaining(missing)
                .hasMessageContaining("No such file or directory (errno 2)");
    }

    @Test
    void mountsAndUnmountsAnOverlayRoot()
            throws IOException
    {
        Path layer = Files.createDirectories(directory.resolve("layer"));
        Files.writeString(layer.resolve("hello"), "from the layer");
        Path target = directory.resolve("rootfs");
        RootfsMounter mounter = new RootfsMounter(filesystem);

        mounter.mount("native-root-test", List.of(layer.toString()), directory.resolve("upper").toString(), directory.resolve("work").toString(), target.toString());
        try {
            assertThat(target.resolve("hello")).hasContent("from the layer");
            assertThat(mountPoints()).contains(target.toString());
        }
        finally {
            mounter.unmount("native-root-test", target.toString());
        }

        assertThat(mountPoints()).doesNotContain(target.toString());
        assertThat(filesystem.unmount(target.toString())).as("not mounted any more").isFalse();
        assertThatThrownBy(() -> mounter.mount("native-root-test", List.of(layer.toString()), "/proc/berth-no/upper", "/proc/berth-no/work", target.toString()))
                .isInstanceOf(CreateFailed.class)
                .hasMessageContaining("/proc/berth-no/upper");
    }

    @Test
    void aNetworkNamespaceHasLoopbackUpAndLeavesTheCallersNamespaceAlone()
            throws Exception
    {
        Requirements.requireExecutable("nsenter");
        Requirements.requireExecutable("ip");
        Path namespace = Files.createFile(directory.resolve("ns"));
        Path before = Files.readSymbolicLink(THREAD_NETWORK_NAMESPACE);

        assertThat(filesystem.createNetworkNamespace(namespace.toString())).isTrue();
        try {
            assertThat(Files.readSymbolicLink(THREAD_NETWORK_NAMESPACE)).isEqualTo(before);
            assertThat(mountPoints()).contains(namespace.toString());
            String links = run("nsenter", "--net=" + namespace, "ip", "-o", "link", "show");
            assertThat(links.lines()).hasSize(1);
            assertThat(links).contains("lo:").contains("<LOOPBACK,UP,LOWER_UP>");
            assertThat(run("nsenter", "--net=" + namespace, "ip", "-o", "-4", "addr", "show", "dev", "lo")).contains("127.0.0.1/8");
            assertThat(run("readlink", "/proc/self/ns/net")).isNotEqualTo(run("nsenter", "--net=" + namespace, "readlink", "/proc/self/ns/net"));
        }
        finally {
            assertThat(filesystem.unmount(namespace.toString())).isTrue();
        }
        assertThat(mountPoints()).doesNotContain(namespace.toString());
    }

    private static List<String> mountPoints()
            throws IOException
    {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), UTF_8).stream().map(line -> line.split(" ")[4]).toList();
    }

    private static String run(String... command)
            throws Exception
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
