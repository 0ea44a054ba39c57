package dev.berth.oci.linux;

import static dev.berth.oci.testing.TestingCommandTransport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Timeout;
import dev.berth.oci.bundle.RootfsMounter;
import dev.berth.oci.process.Command;
import dev.berth.oci.testing.TestingCommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/** The command path, kept for transports that run somewhere else (the WSL2 delegate's distro). */
class CommandHostFilesystemTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(7);

    private final TestingCommandTransport transport = new TestingCommandTransport();
    private final CommandHostFilesystem filesystem = new CommandHostFilesystem(transport, TIMEOUT);

    @Test
    void theRootfsMounterThroughATransportRunsMkdirAndMountWithTheTimeout()
    {
        new RootfsMounter(transport, TIMEOUT).mount("c1", List.of("/layers/1", "/layers/2"), "/c/upper", "/c/work", "/c/rootfs");

        assertThat(transport.commands()).extracting(Command::argv).containsExactly(
                List.of("mkdir", "-p", "/c/upper", "/c/work", "/c/rootfs"),
                List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=/layers/2:/layers/1,upperdir=/c/upper,workdir=/c/work", "/c/rootfs"));
        assertThat(transport.commands()).extracting(Command::timeout).containsOnly(TIMEOUT);
    }

    @Test
    void aFailedMountCommandIsCreateFailedWithItsStderrAndErrno()
    {
        transport.answer(result(0, "", "")).answer(result(32, "", "mount: /c/rootfs: mount(2) system call failed: No such file or directory.\n"));

        assertThatThrownBy(() -> new RootfsMounter(transport, TIMEOUT).mount("c1", List.of("/l"), "/c/upper", "/c/work", "/c/rootfs"))
                .isInstanceOfSatisfying(CreateFailed.class, e -> assertThat(e.errno()).hasValue(Errno.ENOENT))
                .hasMessageContaining("'mount -t overlay overlay -o lowerdir=/l,upperdir=/c/upper,workdir=/c/work /c/rootfs' failed with exit status 32")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void unmountTellsNotMountedFromFailure()
    {
        transport.answer(result(32, "", "umount: /c/rootfs: not mounted.\n"))
                .answer(result(32, "", "umount: /c/rootfs: no mount point specified.\n"))
                .answer(result(32, "", "umount: /c/rootfs: target is busy.\n"))
                .answer(result(0, "", ""));

        assertThat(filesystem.unmount("/c/rootfs")).isFalse();
        assertThat(filesystem.unmount("/c/rootfs")).isFalse();
        assertThatThrownBy(() -> filesystem.unmount("/c/rootfs")).isInstanceOf(HostCallFailed.class).hasMessageContaining("target is busy");
        assertThat(filesystem.unmount("/c/rootfs")).isTrue();
    }

    @Test
    void aNamespaceIsMadeByUnshareWithLoopbackLeftToTheCaller()
    {
        assertThat(filesystem.createNetworkNamespace("/s/netns/c1")).isFalse();
        filesystem.bindMount("/s/netns", "/s/netns");
        filesystem.makeShared("/s/netns");

        assertThat(transport.commands()).extracting(Command::argv).containsExactly(
                List.of("unshare", "--net=/s/netns/c1", "true"),
                List.of("mount", "--bind", "/s/netns", "/s/netns"),
                List.of("mount", "--make-shared", "/s/netns"));
    }

    @Test
    void aCommandPastItsTimeLimitStaysATimeout()
    {
        transport.answer(command -> {
            throw new Timeout(TIMEOUT);
        });

        assertThatThrownBy(() -> filesystem.mountOverlay("lowerdir=/l,upperdir=/u,workdir=/w", "/c/rootfs")).isInstanceOf(Timeout.class);
    }
}
