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

    /** close(2). */
    int close(int fd);

    /** strerror(3): a static or thread-local string owned by libc. */
    String strerror(int errnum);
}
