package dev.berth.node.systemd;

import com.sun.jna.Native;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * sd_notify(3) without libsystemd: a datagram of {@code KEY=VALUE} lines to the socket systemd names in
 * {@code NOTIFY_SOCKET} (a path, or an abstract name written with a leading {@code @}). With {@code Type=notify}
 * the unit counts as started only when the agent says {@code READY=1}, once its API answers, as containerd does.
 * Without {@code NOTIFY_SOCKET} (not under systemd) it does nothing. A send never blocks.
 */
public final class SystemdNotifier
{
    private static final Logger log = LogManager.getLogger(SystemdNotifier.class);
    /** sizeof(struct sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    private final Optional<String> socket;
    private final DatagramLibC libc;

    public SystemdNotifier(Optional<String> socket, DatagramLibC libc)
    {
        this.socket = requireNonNull(socket, "socket is null").filter(name -> !name.isEmpty());
        this.libc = requireNonNull(libc, "libc is null");
    }

    /** The notifier for this process: {@code NOTIFY_SOCKET} from the environment, libc through JNA. */
    public static SystemdNotifier fromEnvironment()
    {
        Optional<String> socket = Optional.ofNullable(System.getenv("NOTIFY_SOCKET"));
        if (socket.isEmpty()) {
            return new SystemdNotifier(Optional.empty(), Unloaded.INSTANCE);
        }
        return new SystemdNotifier(socket, Native.load("c", DatagramLibC.class));
    }

    /** Tells systemd the agent is ready: the API answers. */
    public boolean ready(String status)
    {
        return send("READY=1\nSTATUS=" + status.replace('\n', ' ') + "\n");
    }

    /** Tells systemd the agent is stopping (SIGTERM's graceful stop has begun). */
    public boolean stopping()
    {
        return send("STOPPING=1\n");
    }

    /** Sends {@code state}; false when there is no socket or the send failed (logged with its errno). */
    public boolean send(String state)
    {
        if (socket.isEmpty()) {
            return false;
        }
        byte[] address;
        try {
            address = address(socket.get());
        }
        catch (IllegalArgumentException e) {
            log.warn("NOTIFY_SOCKET {}: {}", socket.get(), e.getMessage());
            return false;
        }
        int fd = libc.socket(DatagramLibC.AF_UNIX, DatagramLibC.SOCK_DGRAM | DatagramLibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            log.warn("cannot notify systemd ({}): socket() failed with errno {}", state.strip(), Native.getLastError());
            return false;
        }
        try {
            byte[] message = state.getBytes(StandardCharsets.UTF_8);
            long sent = libc.sendto(fd, message, message.length, DatagramLibC.MSG_DONTWAIT | DatagramLibC.MSG_NOSIGNAL, address, address.length);
            if (sent != message.length) {
                log.warn("cannot notify systemd ({}) on {}: sendto() failed with errno {}", state.strip(), socket.get(), Native.getLastError());
                return false;
            }
            return true;
        }
        finally {
            libc.close(fd);
        }
    }

    /** struct sockaddr_un for {@code name}: family AF_UNIX, then the path NUL-terminated, or the abstract name after a NUL. */
    static byte[] address(String name)
    {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name.startsWith("@");
        if (!abstractName && !name.startsWith("/")) {
            throw new IllegalArgumentException("neither an absolute path nor an abstract socket name (@...)");
        }
        if (path.length >= SUN_PATH) {
            throw new IllegalArgumentException("longer than a Unix socket address allows (" + (SUN_PATH - 1) + " bytes)");
        }
        // Abstract: the leading @ becomes a NUL and the length counts no terminator; a path is NUL-terminated.
        int length = 2 + path.length + (abstractName ? 0 : 1);
        byte[] address = new byte[length];
        address[0] = (byte) DatagramLibC.AF_UNIX; // sa_family_t, little-endian on every Linux berth runs on
        address[1] = 0;
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    /** Stands in for libc when there is nothing to notify, so that plain runs never load it. */
    private enum Unloaded
            implements DatagramLibC
    {
        INSTANCE;

        @Override
        public int socket(int domain, int type, int protocol)
        {
            throw new IllegalStateException("no NOTIFY_SOCKET");
        }

        @Override
        public long sendto(int socket, byte[] buffer, long length, int flags, byte[] address, int addressLength)
        {
            throw new IllegalStateException("no NOTIFY_SOCKET");
        }

        @Override
        public int close(int fd)
        {
            return 0;
        }
    }
}
