package dev.berth.node.systemd;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The notifier against a real Unix datagram socket bound the way systemd binds NOTIFY_SOCKET. */
class SystemdNotifierTest
{
    @TempDir
    Path dir;

    @Test
    void readyAndStoppingReachTheNotifySocket()
    {
        Receiver.LibC libc = Native.load("c", Receiver.LibC.class);
        Path socket = dir.resolve("notify");
        try (Receiver receiver = new Receiver(libc, SystemdNotifier.address(socket.toString()))) {
            SystemdNotifier notifier = new SystemdNotifier(Optional.of(socket.toString()), libc);

            assertThat(notifier.ready("API on /run/berth/berth.sock\nsecond line")).isTrue();
            assertThat(receiver.next()).isEqualTo("READY=1\nSTATUS=API on /run/berth/berth.sock second line\n");
            assertThat(notifier.stopping()).isTrue();
            assertThat(receiver.next()).isEqualTo("STOPPING=1\n");
        }
    }

    @Test
    void anAbstractSocketNameIsReached()
    {
        Receiver.LibC libc = Native.load("c", Receiver.LibC.class);
        String name = "@berth-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (Receiver receiver = new Receiver(libc, SystemdNotifier.address(name))) {
            assertThat(new SystemdNotifier(Optional.of(name), libc).ready("up")).isTrue();
            assertThat(receiver.next()).isEqualTo("READY=1\nSTATUS=up\n");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent()
    {
        assertThat(new SystemdNotifier(Optional.empty(), Native.load("c", DatagramLibC.class)).ready("up")).isFalse();
        assertThat(new SystemdNotifier(Optional.of(""), Native.load("c", DatagramLibC.class)).ready("up")).isFalse();
    }

    @Test
    void aSocketNobodyListensOnIsReportedNotThrown()
    {
        SystemdNotifier notifier = new SystemdNotifier(Optional.of(dir.resolve("gone").toString()), Native.load("c", DatagramLibC.class));
        assertThat(notifier.ready("up")).isFalse();
        assertThat(new SystemdNotifier(Optional.of("relative/path"), Native.load("c", DatagramLibC.class)).ready("up")).isFalse();
    }

    @Test
    void addressesAreLaidOutAsLinuxExpects()
    {
        assertThat(SystemdNotifier.address("/run/n")).containsExactly(1, 0, '/', 'r', 'u', 'n', '/', 'n', 0);
        assertThat(SystemdNotifier.address("@sd")).containsExactly(1, 0, 0, 's', 'd');
        assertThatThrownBy(() -> SystemdNotifier.address("/" + "x".repeat(107))).hasMessageContaining("longer than");
    }

    /** A bound datagram socket, as systemd's. */
    private static final class Receiver
            implements AutoCloseable
    {
        interface LibC
                extends DatagramLibC
        {
            int bind(int socket, byte[] address, int addressLength);

            long recv(int socket, byte[] buffer, long length, int flags);

            int setsockopt(int socket, int level, int name, byte[] value, int length);
        }

        private final LibC libc;
        private final int fd;

        Receiver(LibC libc, byte[] address)
        {
            this.libc = libc;
            this.fd = libc.socket(DatagramLibC.AF_UNIX, DatagramLibC.SOCK_DGRAM | DatagramLibC.SOCK_CLOEXEC, 0);
            assertThat(fd).as("socket").isGreaterThanOrEqualTo(0);
            assertThat(libc.bind(fd, address, address.length)).as("bind, errno %s", Native.getLastError()).isZero();
            // SO_RCVTIMEO of 10 s (struct timeval): a missing datagram fails the test instead of hanging it.
            byte[] timeout = new byte[16];
            timeout[0] = 10;
            libc.setsockopt(fd, 1, 20, timeout, timeout.length);
        }

        String next()
        {
            byte[] buffer = new byte[4096];
            long n = libc.recv(fd, buffer, buffer.length, 0);
            assertThat(n).as("recv, errno %s", Native.getLastError()).isPositive();
            return new String(Arrays.copyOf(buffer, (int) n), StandardCharsets.UTF_8);
        }

        @Override
        public void close()
        {
            libc.close(fd);
        }
    }
}
