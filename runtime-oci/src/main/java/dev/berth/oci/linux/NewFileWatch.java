package dev.berth.oci.linux;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Counts the files that appear under one name in a directory (created there, or renamed onto it), through
 * inotify(7). The count is exact at the moment of {@link #appeared()}: the kernel queues the event within the
 * rename itself, so a file seen at the path has been counted. A log reader uses it to know how many times its file
 * was replaced while it was not looking.
 */
public final class NewFileWatch
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(NewFileWatch.class);
    private static final LazyLibC LIBC = new LazyLibC();
    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CLOEXEC = 02000000;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int EVENT_HEADER = 16;
    private static final short POLLIN = 1;
    private static final int BUFFER = 64 * 1024;

    private final LibC libc;
    private final int fd;
    private final String name;
    private final Memory buffer = new Memory(BUFFER);
    private long appeared;
    private boolean overflowed;
    private volatile boolean closed;

    private NewFileWatch(LibC libc, int fd, String name)
    {
        this.libc = libc;
        this.fd = fd;
        this.name = name;
    }

    /** A watch on {@code file}'s name in its directory; empty when inotify is not available (off Linux, out of instances). */
    public static Optional<NewFileWatch> open(Path file)
    {
        requireNonNull(file, "file is null");
        if (!LibCLoader.isLinux()) {
            return Optional.empty();
        }
        try {
            LibC libc = LIBC.get();
            int fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
            if (fd < 0) {
                log.warn("cannot watch {} for rotation: inotify_init1: {}", file, libc.strerror(Native.getLastError()));
                return Optional.empty();
            }
            if (libc.inotify_add_watch(fd, file.getParent().toString(), IN_CREATE | IN_MOVED_TO) < 0) {
                log.warn("cannot watch {} for rotation: inotify_add_watch: {}", file, libc.strerror(Native.getLastError()));
                libc.close(fd);
                return Optional.empty();
            }
            return Optional.of(new NewFileWatch(libc, fd, file.getFileName().toString()));
        }
        catch (RuntimeException | LinkageError e) {
            log.warn("cannot watch {} for rotation: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Waits up to {@code timeout} for an event (or the watch's end), without taking one. */
    public void await(java.time.Duration timeout)
    {
        if (closed) {
            return;
        }
        try (Memory pollfd = new Memory(8)) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            libc.poll(pollfd, new NativeLong(1), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        }
    }

    /** How many files have appeared under the name since the watch began. */
    public synchronized long appeared()
    {
        drain();
        return appeared;
    }

    /** Whether the kernel dropped events (its queue overflowed): {@link #appeared()} is then a lower bound. */
    public synchronized boolean overflowed()
    {
        drain();
        return overflowed;
    }

    private void drain()
    {
        if (closed) {
            return;
        }
        while (true) {
            long read = libc.read(fd, buffer, new NativeLong(BUFFER)).longValue();
            if (read <= 0) {
                // EAGAIN: nothing queued
                return;
            }
            int offset = 0;
            while (offset + EVENT_HEADER <= read) {
                int mask = buffer.getInt(offset + 4);
                int length = buffer.getInt(offset + 12);
                if ((mask & IN_Q_OVERFLOW) != 0) {
                    overflowed = true;
                }
                else if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0 && length > 0
                        && name.equals(nulTerminated(buffer.getByteArray(offset + EVENT_HEADER, length)))) {
                    appeared++;
                }
                offset += EVENT_HEADER + length;
            }
        }
    }

    private static String nulTerminated(byte[] bytes)
    {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close()
    {
        if (!closed) {
            closed = true;
            libc.close(fd);
            buffer.close();
        }
    }
}
