package dev.berth.oci.linux;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few glibc calls the backend makes in-process instead of spawning {@code mount}, {@code umount} and
 * {@code unshare}. Names and parameters are the C ones. Every call returns -1 on failure and leaves errno for
 * {@link com.sun.jna.Native#getLastError()}, read on the same thread right after the call.
 *
 * <p>Loaded only by {@link LibCLoader#load()}, never at class initialisation, so nothing touches libc on a host that
 * is not Linux and tests can substitute an implementation.
 */
public interface LibC
        extends Library
{
    /** {@code MS_BIND}: bind-mount {@code source} onto {@code target}. */
    long MS_BIND = 4096;
    /** {@code MS_SHARED}: make {@code target} a shared mount (propagation only; source, type and data ignored). */
    long MS_SHARED = 1L << 20;
    /** {@code MS_REC}: with {@link #MS_BIND}, bind the mounts below {@code source} too. */
    long MS_REC = 16384;
    /** {@code MNT_DETACH} for {@link #umount2}: detach now, free when no longer busy. */
    int MNT_DETACH = 2;
    /** {@code UMOUNT_NOFOLLOW} for {@link #umount2}: do not follow a symbolic link at {@code target}. */
    int UMOUNT_NOFOLLOW = 8;
    /** The openat2(2) system call number; the same on every architecture since Linux 5.6. */
    long SYS_OPENAT2 = 437;
    /** {@code AT_FDCWD}: a path relative to the working directory. */
    int AT_FDCWD = -100;
    /** {@code O_PATH}: a descriptor that only names a file (x86-64 and arm64 agree). */
    long O_PATH = 010000000;
    long O_CLOEXEC = 02000000;
    /** {@code RESOLVE_NO_MAGICLINKS}: no /proc/PID/fd style link on the path. */
    long RESOLVE_NO_MAGICLINKS = 0x02;
    /** {@code RESOLVE_BENEATH}: fail with EXDEV when a component, {@code ..} or a symbolic link, leaves the directory. */
    long RESOLVE_BENEATH = 0x08;
    /** {@code CLONE_NEWNET} for {@link #unshare}. */
    int CLONE_NEWNET = 0x40000000;
    int AF_INET = 2;
    int SOCK_DGRAM = 2;
    /** {@code SIOCGIFFLAGS}: read {@code ifr_flags} of the interface named in {@code ifr_name}. */
    long SIOCGIFFLAGS = 0x8913;
    /** {@code SIOCSIFFLAGS}: set {@code ifr_flags}. */
    long SIOCSIFFLAGS = 0x8914;
    short IFF_UP = 0x1;

    /**
     * mount(2).
     *
     * @param source [in] device or directory, or {@code null}
     * @param target [in] mount point
     * @param filesystemtype [in] {@code overlay}, or {@code null} for bind and propagation changes
     * @param mountflags [in] {@code MS_*}
     * @param data [in] file-system options, or {@code null}; at most one page
     */
    int mount(String source, String target, String filesystemtype, NativeLong mountflags, String data);

    /** umount2(2); EINVAL when {@code target} is not a mount point, ENOENT when it does not exist. */
    int umount2(String target, int flags);

    /** unshare(2): moves the calling thread (not the process) into new namespaces. */
    int unshare(int flags);

    /** socket(2). The caller closes the descriptor. */
    int socket(int domain, int type, int protocol);

    /**
     * ioctl(2) with a pointer argument.
     *
     * @param argp [in, out] caller-owned memory, e.g. a {@code struct ifreq}
     */
    int ioctl(int fd, NativeLong request, Pointer argp);

    /**
     * syscall(2), for openat2(2) which glibc before 2.36 does not wrap:
     * {@code syscall(SYS_OPENAT2, int dirfd, String path, struct open_how *how, size_t size)}.
     *
     * @param args [in] the call's arguments; {@code struct open_how} is caller-owned memory of three u64
     *     ({@code flags}, {@code mode}, {@code resolve})
     * @return the new descriptor, which the caller closes, or -1
     */
    NativeLong syscall(NativeLong number, Object... args);

    /** inotify_init1(2) with {@code IN_NONBLOCK | IN_CLOEXEC}; the caller closes the descriptor. */
    int inotify_init1(int flags);

    /** inotify_add_watch(2). @param mask [in] {@code IN_*} events to report for entries of {@code pathname} */
    int inotify_add_watch(int fd, String pathname, int mask);

    /** read(2). @param buf [out] caller-owned memory of at least {@code count} bytes */
    NativeLong read(int fd, Pointer buf, NativeLong count);

    /**
     * poll(2).
     *
     * @param fds [in, out] caller-owned {@code struct pollfd} array ({@code int fd; short events; short revents})
     * @param timeout milliseconds
     */
    int poll(Pointer fds, NativeLong nfds, int timeout);

    /** close(2). */
    int close(int fd);

    /** strerror(3): a static or thread-local string owned by libc. */
    String strerror(int errnum);
}
