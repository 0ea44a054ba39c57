package dev.berth.youki.linux;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.berth.core.error.Errno;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@link HostFilesystem} as system calls in this process: no process is started, so laying out a root file system or
 * a network namespace costs microseconds instead of a fork and exec each. Only for the agent's own (Linux) host.
 */
public final class NativeHostFilesystem
        implements HostFilesystem
{
    private static final String OVERLAY = "overlay";
    // struct ifreq: char ifr_name[IFNAMSIZ = 16], then a union whose short ifr_flags comes first; 40 bytes on LP64
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_FLAGS_OFFSET = 16;
    private static final String LOOPBACK = "lo";
    // the calling thread's own network namespace (the thread that unshared it), Linux 3.17 and later
    private static final String THREAD_NETWORK_NAMESPACE = "/proc/thread-self/ns/net";

    private final Supplier<LibC> libc;

    /** @param libc asked on each call, so it may load libc on first use ({@link LazyLibC}) */
    public NativeHostFilesystem(Supplier<LibC> libc)
    {
        this.libc = requireNonNull(libc, "libc is null");
    }

    public NativeHostFilesystem(LibC libc)
    {
        this(supplierOf(requireNonNull(libc, "libc is null")));
    }

    private static Supplier<LibC> supplierOf(LibC libc)
    {
        return () -> libc;
    }

    @Override
    public void createDirectories(String... paths)
    {
        for (String path : paths) {
            try {
                Files.createDirectories(Path.of(path));
            }
            catch (IOException e) {
                int errno = Errno.of(e).orElse(-1);
                throw new HostCallFailed("cannot create directory " + path + ": " + e, errno < 0 ? null : errno, e);
            }
        }
    }

    @Override
    public void mountOverlay(String options, String target)
    {
        int result = libc.get().mount(OVERLAY, target, OVERLAY, new NativeLong(0), options);
        check(result, "mount -t overlay -o " + options + " at " + target);
    }

    @Override
    public boolean unmount(String target)
    {
        if (libc.get().umount2(target, 0) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == Errno.EINVAL || errno == Errno.ENOENT) {
            return false;
        }
        throw failure("umount " + target, errno);
    }

    @Override
    public void bindMount(String source, String target)
    {
        check(libc.get().mount(source, target, null, new NativeLong(LibC.MS_BIND), null), "bind-mount " + source + " onto " + target);
    }

    @Override
    public void makeShared(String target)
    {
        check(libc.get().mount("none", target, null, new NativeLong(LibC.MS_SHARED), null), "make " + target + " a shared mount");
    }

    /**
     * unshare(CLONE_NEWNET) moves only the calling thread, so a dedicated platform thread makes the namespace, brings
     * its loopback up, bind-mounts its own namespace onto {@code path} and ends: no thread of the JVM's pools is ever
     * left in another namespace.
     */
    @Override
    public boolean createNetworkNamespace(String path)
    {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                check(libc.get().unshare(LibC.CLONE_NEWNET), "unshare(CLONE_NEWNET) for network namespace " + path);
                bringLoopbackUp(path);
                bindMount(THREAD_NETWORK_NAMESPACE, path);
            }
            catch (RuntimeException e) {
                failure.set(e);
            }
        }, "netns-create");
        thread.setDaemon(true);
        thread.start();
        joinUninterruptibly(thread);
        if (failure.get() != null) {
            throw failure.get();
        }
        return true;
    }

    @Override
    public String describe()
    {
        return "local";
    }

    private void bringLoopbackUp(String namespace)
    {
        int socket = libc.get().socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        check(socket, "socket(AF_INET, SOCK_DGRAM) in network namespace " + namespace);
        try (Memory request = new Memory(IFREQ_SIZE)) {
            request.clear();
            byte[] name = LOOPBACK.getBytes(StandardCharsets.US_ASCII);
            request.write(0, name, 0, name.length);
            check(libc.get().ioctl(socket, new NativeLong(LibC.SIOCGIFFLAGS), request), "SIOCGIFFLAGS of lo in network namespace " + namespace);
            request.setShort(IFREQ_FLAGS_OFFSET, (short) (request.getShort(IFREQ_FLAGS_OFFSET) | LibC.IFF_UP));
            check(libc.get().ioctl(socket, new NativeLong(LibC.SIOCSIFFLAGS), request), "bring lo up (SIOCSIFFLAGS) in network namespace " + namespace);
        }
        finally {
            libc.get().close(socket);
        }
    }

    private void check(int result, String what)
    {
        if (result < 0) {
            throw failure(what, Native.getLastError());
        }
    }

    private HostCallFailed failure(String what, int errno)
    {
        return new HostCallFailed(what + ": " + libc.get().strerror(errno) + " (errno " + errno + ")", errno, null);
    }

    // The thread only makes a few system calls, which do not block; waiting out an interrupt keeps the result.
    private static void joinUninterruptibly(Thread thread)
    {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            }
            catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
