package dev.berth.oci.linux;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@link HostFilesystem} as system calls in this process: no process is started, so laying out a root file system or
 * a network namespace costs microseconds instead of a fork and exec each. Only for the agent's own (Linux) host.
 *
 * <p>Each call runs on a thread of its own pool and is bounded by the timeout, as the commands it replaces were: a
 * mount that hangs (a stuck lower file system, a namespace teardown backlog) ends in {@link Timeout} for its caller,
 * and the blocked thread is abandoned rather than holding up the agent.
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

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Supplier<LibC> libc;
    private final Duration timeout;
    private final Executor calls = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "host-call-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param libc asked on each call, so it may load libc on first use ({@link LazyLibC})
     * @param timeout the bound on each call
     */
    public NativeHostFilesystem(Supplier<LibC> libc, Duration timeout)
    {
        this.libc = requireNonNull(libc, "libc is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public NativeHostFilesystem(LibC libc, Duration timeout)
    {
        this(supplierOf(requireNonNull(libc, "libc is null")), timeout);
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
        String what = "mount -t overlay -o " + options + " at " + target;
        within(what, () -> {
            check(libc.get().mount(OVERLAY, target, OVERLAY, new NativeLong(0), options), what);
            return null;
        });
    }

    @Override
    public boolean unmount(String target)
    {
        String what = "umount " + target;
        return within(what, () -> {
            if (libc.get().umount2(target, 0) == 0) {
                return true;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EINVAL || errno == Errno.ENOENT) {
                return false;
            }
            throw failure(what, errno);
        });
    }

    @Override
    public void bindMount(String source, String target)
    {
        within("bind-mount " + source + " onto " + target, () -> {
            bindMountHere(source, target);
            return null;
        });
    }

    @Override
    public void makeShared(String target)
    {
        String what = "make " + target + " a shared mount";
        within(what, () -> {
            check(libc.get().mount("none", target, null, new NativeLong(LibC.MS_SHARED), null), what);
            return null;
        });
    }

    /**
     * unshare(CLONE_NEWNET) moves only the calling thread, so a thread of its own (not one of the pool's) makes the
     * namespace, brings its loopback up, bind-mounts its own namespace onto {@code path} and ends: no thread that
     * runs anything else is ever left in another namespace. Abandoned at the timeout, it mounts nothing afterwards.
     */
    @Override
    public boolean createNetworkNamespace(String path)
    {
        Executor ownThread = task -> {
            Thread thread = new Thread(task, "netns-create");
            thread.setDaemon(true);
            thread.start();
        };
        String what = "making network namespace " + path;
        return within(what, ownThread, () -> {
            check(libc.get().unshare(LibC.CLONE_NEWNET), "unshare(CLONE_NEWNET) for network namespace " + path);
            bringLoopbackUp(path);
            if (Thread.currentThread().isInterrupted()) {
                // the caller gave up (within cancels with an interrupt): nobody would delete this namespace
                throw new HostCallFailed(what + ": abandoned by its caller, not mounted", null, null);
            }
            // on this thread: /proc/thread-self is the thread that unshared
            bindMountHere(THREAD_NETWORK_NAMESPACE, path);
            return true;
        });
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

    private void bindMountHere(String source, String target)
    {
        check(libc.get().mount(source, target, null, new NativeLong(LibC.MS_BIND), null), "bind-mount " + source + " onto " + target);
    }

    /** Runs {@code call} on a pool thread, bounded by the timeout; its errno is read there, right after the call. */
    private <T> T within(String what, Callable<T> call)
    {
        return within(what, calls, call);
    }

    /**
     * Runs {@code call} on a thread of {@code executor}, bounded by the timeout. At the timeout or an interrupt the
     * call is cancelled with an interrupt, which a system call does not notice: its thread finishes or stays blocked.
     * Whatever it throws, an {@link Error} included, reaches the caller as an exception.
     */
    private <T> T within(String what, Executor executor, Callable<T> call)
    {
        FutureTask<T> result = new FutureTask<>(call);
        executor.execute(result);
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            result.cancel(true);
            throw new Timeout(timeout, new HostCallFailed(what + " did not return within " + timeout + "; abandoned", null, e));
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new HostCallFailed(what + " failed: " + e.getCause(), null, e.getCause());
        }
        catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new HostCallFailed(what + ": interrupted while waiting for the call; it may still complete", null, e);
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
}
