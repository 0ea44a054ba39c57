package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import dev.berth.oci.bundle.RootfsMounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.List;

/** The in-process host calls against a scripted libc: what is called, and how failures read. */
class NativeHostFilesystemTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final TestingLibC libc = new TestingLibC();
    private final NativeHostFilesystem filesystem = new NativeHostFilesystem(libc, TIMEOUT);

    @Test
    void mountsTheOverlayWithTheOptionsAsData()
    {
        filesystem.mountOverlay("lowerdir=/l2:/l1,upperdir=/u,workdir=/w", "/c/rootfs");

        assertThat(libc.calls()).containsExactly("mount(overlay, /c/rootfs, overlay, 0, lowerdir=/l2:/l1,upperdir=/u,workdir=/w)");
    }

    @Test
    void aFailingMountReportsTheErrnoAndThePath()
    {
        libc.fail("mount", Errno.ENOENT);

        assertThatThrownBy(() -> filesystem.mountOverlay("lowerdir=/l,upperdir=/u,workdir=/w", "/c/rootfs"))
                .isInstanceOfSatisfying(HostCallFailed.class, e -> assertThat(e.errno()).hasValue(Errno.ENOENT))
                .hasMessageContaining("/c/rootfs")
                .hasMessageContaining("strerror 2 (errno 2)");
    }

    @Test
    void theRootfsMounterReportsAFailedMountAsCreateFailedWithTheErrno(@TempDir Path directory)
    {
        libc.fail("mount", Errno.EINVAL);
        RootfsMounter mounter = new RootfsMounter(filesystem);
        String target = directory.resolve("rootfs").toString();

        assertThatThrownBy(() -> mounter.mount("c1", List.of("/layer1"), directory.resolve("upper").toString(), directory.resolve("work").toString(), target))
                .isInstanceOfSatisfying(CreateFailed.class, e -> assertThat(e.errno()).hasValue(Errno.EINVAL))
                .hasMessageContaining(target)
                .hasMessageContaining("c1");
        // the directories came first, without a process
        assertThat(directory.resolve("upper")).isDirectory();
        assertThat(directory.resolve("work")).isDirectory();
        assertThat(directory.resolve("rootfs")).isDirectory();
    }

    @Test
    void aDirectoryThatCannotBeMadeNamesThePathAndErrno(@TempDir Path directory)
            throws Exception
    {
        Path file = Files.createFile(directory.resolve("file"));
        String wanted = file.resolve("upper").toString();

        assertThatThrownBy(() -> filesystem.createDirectories(wanted))
                .isInstanceOfSatisfying(HostCallFailed.class, e -> assertThat(e.errno()).hasValue(Errno.ENOTDIR))
                .hasMessageContaining(wanted);
    }

    @Test
    void unmountingWhatIsNotMountedIsNoError()
    {
        libc.fail("umount2", Errno.EINVAL);
        assertThat(filesystem.unmount("/c/rootfs")).isFalse();

        TestingLibC gone = new TestingLibC().fail("umount2", Errno.ENOENT);
        assertThat(new NativeHostFilesystem(gone, TIMEOUT).unmount("/c/rootfs")).isFalse();

        assertThat(new NativeHostFilesystem(new TestingLibC(), TIMEOUT).unmount("/c/rootfs")).isTrue();
    }

    @Test
    void aBusyRootfsIsAnInternalErrorOfTheContainer()
    {
        libc.fail("umount2", Errno.EBUSY);

        assertThatThrownBy(() -> new RootfsMounter(filesystem).unmount("c1", "/c/rootfs"))
                .isInstanceOfSatisfying(Internal.class, e -> assertThat(e.errno()).hasValue(Errno.EBUSY))
                .hasMessageContaining("/c/rootfs")
                .hasMessageContaining("c1");
        assertThat(libc.calls()).containsExactly("umount2(/c/rootfs, 0)");
    }

    @Test
    void aNetworkNamespaceIsMadeOnAThreadOfItsOwnWithLoopbackUp()
            throws InterruptedException
    {
        boolean loopbackUp = filesystem.createNetworkNamespace("/s/netns/c1");

        assertThat(loopbackUp).isTrue();
        assertThat(libc.calls()).containsExactly(
                "unshare(0x40000000)",
                "socket(2, 2, 0)",
                "ioctl(7, 0x8913, lo)",
                "ioctl(7, 0x8914, lo)",
                "close(7)",
                "mount(/proc/thread-self/ns/net, /s/netns/c1, null, 4096, null)");
        assertThat(libc.loopbackFlags() & LibC.IFF_UP).isEqualTo(LibC.IFF_UP);
        assertThat(libc.threads()).doesNotContain(Thread.currentThread());
        // the answer is handed over just before the thread's last instructions: give it a moment to end
        Thread left = libc.threads().get(0);
        left.join(Duration.ofSeconds(10).toMillis());
        assertThat(left.isAlive()).as("the thread that left the agent's namespace has ended").isFalse();
    }

    @Test
    void aNamespaceThatCannotBeMadeReportsTheStepAndErrno()
    {
        libc.fail("unshare", Errno.EPERM);

        assertThatThrownBy(() -> filesystem.createNetworkNamespace("/s/netns/c1"))
                .isInstanceOfSatisfying(HostCallFailed.class, e -> assertThat(e.errno()).hasValue(Errno.EPERM))
                .hasMessageContaining("unshare(CLONE_NEWNET)")
                .hasMessageContaining("/s/netns/c1");
        assertThat(libc.calls()).containsExactly("unshare(0x40000000)");
    }

    @Test
    void aLoopbackThatCannotBeBroughtUpClosesItsSocketAndMountsNothing()
    {
        libc.fail("ioctl", Errno.EPERM);

        assertThatThrownBy(() -> filesystem.createNetworkNamespace("/s/netns/c1"))
                .isInstanceOf(HostCallFailed.class)
                .hasMessageContaining("SIOCGIFFLAGS of lo");
        assertThat(libc.calls()).containsExactly("unshare(0x40000000)", "socket(2, 2, 0)", "ioctl(7, 0x8913, lo)", "close(7)");
    }

    @Test
    void aMountThatHangsIsATimeoutNamingTheCallAndTheCallerIsFree()
    {
        CountDownLatch release = new CountDownLatch(1);
        TestingLibC hanging = new TestingLibC().hang("mount", release);
        NativeHostFilesystem bounded = new NativeHostFilesystem(hanging, Duration.ofMillis(200));
        try {
            assertThatThrownBy(() -> bounded.mountOverlay("lowerdir=/l,upperdir=/u,workdir=/w", "/c/rootfs"))
                    .isInstanceOfSatisfying(Timeout.class, e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200)))
                    .cause().hasMessageContaining("mount -t overlay").hasMessageContaining("/c/rootfs");
            assertThat(hanging.threads()).doesNotContain(Thread.currentThread());
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void aNamespaceThatHangsIsATimeoutAndIsNeverMountedAfterwards()
            throws Exception
    {
        CountDownLatch release = new CountDownLatch(1);
        TestingLibC hanging = new TestingLibC().hang("unshare", release);
        NativeHostFilesystem bounded = new NativeHostFilesystem(hanging, Duration.ofMillis(200));

        assertThatThrownBy(() -> bounded.createNetworkNamespace("/s/netns/c1"))
                .isInstanceOf(Timeout.class)
                .cause().hasMessageContaining("network namespace /s/netns/c1");
        release.countDown();
        hanging.threads().get(0).join(5_000);
        assertThat(hanging.calls()).as("abandoned: its namespace is not bind-mounted where the caller gave up")
                .noneMatch(call -> call.startsWith("mount("));
    }

    @Test
    void aNamespaceThreadDyingOfAnErrorIsAFailureNotAMadeNamespace()
    {
        TestingLibC broken = new TestingLibC().error("socket", new UnsatisfiedLinkError("socket: symbol not found"));

        assertThatThrownBy(() -> new NativeHostFilesystem(broken, TIMEOUT).createNetworkNamespace("/s/netns/c1"))
                .isInstanceOf(HostCallFailed.class)
                .hasMessageContaining("network namespace /s/netns/c1")
                .hasMessageContaining("symbol not found");
    }
}
