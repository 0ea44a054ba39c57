package dev.berth.oci.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A libc that records calls and fails the ones it is told to with an errno (set as JNA would, per thread), so
 * {@link NativeHostFilesystem} can be tested without root.
 */
final class TestingLibC
        implements LibC
{
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, CountDownLatch> hangs = new HashMap<>();
    private final Map<String, Error> errors = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private short loopbackFlags = 0x8;

    /** Makes every later call of the function {@code name} fail with {@code errno}. */
    TestingLibC fail(String name, int errno)
    {
        failures.put(name, errno);
        return this;
    }

    /** Makes every later call of {@code name} block until {@code release} opens (then succeed or fail as told). */
    synchronized TestingLibC hang(String name, CountDownLatch release)
    {
        hangs.put(name, release);
        return this;
    }

    /** Makes every later call of {@code name} throw {@code error}, as a JNA binding that cannot link would. */
    synchronized TestingLibC error(String name, Error error)
    {
        errors.put(name, error);
        return this;
    }

    synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    /** The threads the calls ran on, in call order. */
    synchronized List<Thread> threads()
    {
        return List.copyOf(threads);
    }

    short loopbackFlags()
    {
        return loopbackFlags;
    }

    @Override
    public int mount(String source, String target, String filesystemtype, NativeLong mountflags, String data)
    {
        return call("mount", "mount(" + source + ", " + target + ", " + filesystemtype + ", " + mountflags.longValue() + ", " + data + ")");
    }

    @Override
    public int umount2(String target, int flags)
    {
        return call("umount2", "umount2(" + target + ", " + flags + ")");
    }

    @Override
    public int unshare(int flags)
    {
        return call("unshare", "unshare(0x" + Integer.toHexString(flags) + ")");
    }

    @Override
    public int socket(int domain, int type, int protocol)
    {
        int result = call("socket", "socket(" + domain + ", " + type + ", " + protocol + ")");
        return result < 0 ? result : 7;
    }

    @Override
    public int ioctl(int fd, NativeLong request, Pointer argp)
    {
        int result = call("ioctl", "ioctl(" + fd + ", 0x" + Long.toHexString(request.longValue()) + ", " + argp.getString(0) + ")");
        if (result == 0 && request.longValue() == SIOCGIFFLAGS) {
            argp.setShort(16, loopbackFlags);
        }
        if (result == 0 && request.longValue() == SIOCSIFFLAGS) {
            loopbackFlags = argp.getShort(16);
        }
        return result;
    }

    @Override
    public NativeLong syscall(NativeLong number, Object... args)
    {
        throw new UnsupportedOperationException("syscall " + number + " is not simulated");
    }

    @Override
    public int inotify_init1(int flags)
    {
        throw new UnsupportedOperationException("inotify is not simulated");
    }

    @Override
    public int inotify_add_watch(int fd, String pathname, int mask)
    {
        throw new UnsupportedOperationException("inotify is not simulated");
    }

    @Override
    public NativeLong read(int fd, Pointer buf, NativeLong count)
    {
        throw new UnsupportedOperationException("read is not simulated");
    }

    @Override
    public int poll(Pointer fds, NativeLong nfds, int timeout)
    {
        throw new UnsupportedOperationException("poll is not simulated");
    }

    @Override
    public int close(int fd)
    {
        return call("close", "close(" + fd + ")");
    }

    @Override
    public String strerror(int errnum)
    {
        return "strerror " + errnum;
    }

    private int call(String name, String call)
    {
        CountDownLatch release;
        synchronized (this) {
            threads.add(Thread.currentThread());
            release = hangs.get(name);
            if (errors.containsKey(name)) {
                throw errors.get(name);
            }
        }
        if (release != null) {
            try {
                release.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record(name, call);
    }

    private synchronized int record(String name, String call)
    {
        calls.add(call);
        Integer errno = failures.get(name);
        if (errno == null) {
            return 0;
        }
        Native.setLastError(errno);
        return -1;
    }
}
