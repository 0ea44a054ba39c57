package dev.berth.image.unpack;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Path;

/** Device nodes, FIFOs and extended attributes through {@link Libc}, with errno turned into IOException. */
public final class NativeFiles
{
    private static volatile Libc libc;

    private NativeFiles() {}

    private static Libc libc()
    {
        if (libc == null) {
            synchronized (NativeFiles.class) {
                if (libc == null) {
                    libc = Native.load("c", Libc.class);
                }
            }
        }
        return libc;
    }

    public static void mknod(Path path, int type, int permissions, long major, long minor)
            throws IOException
    {
        try {
            libc().mknod(path.toString(), type | (permissions & 07777), makedev(major, minor));
        }
        catch (LastErrorException e) {
            throw new NativeCallFailed("mknod " + path, e.getErrorCode());
        }
    }

    /** chmod without opening the file: the JDK opens it, which blocks on a FIFO and has side effects on devices. */
    public static void chmod(Path path, int mode)
            throws IOException
    {
        try {
            libc().chmod(path.toString(), mode & 07777);
        }
        catch (LastErrorException e) {
            throw new NativeCallFailed("chmod " + path, e.getErrorCode());
        }
    }

    /** Sets atime and mtime without opening the file or following a symlink. */
    public static void setTimes(Path path, java.nio.file.attribute.FileTime time)
            throws IOException
    {
        long seconds = time.to(java.util.concurrent.TimeUnit.SECONDS);
        long nanos = time.to(java.util.concurrent.TimeUnit.NANOSECONDS) - seconds * 1_000_000_000L;
        try {
            libc().utimensat(Libc.AT_FDCWD, path.toString(), new long[] {seconds, nanos, seconds, nanos}, Libc.AT_SYMLINK_NOFOLLOW);
        }
        catch (LastErrorException e) {
            throw new NativeCallFailed("utimensat " + path, e.getErrorCode());
        }
    }

    public static void setXattr(Path path, String name, byte[] value)
            throws IOException
    {
        try {
            libc().lsetxattr(path.toString(), name, value, value.length, 0);
        }
        catch (LastErrorException e) {
            throw new NativeCallFailed("lsetxattr " + name + " on " + path, e.getErrorCode());
        }
    }

    /** glibc's {@code makedev}. */
    static long makedev(long major, long minor)
    {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** A failed libc call with its errno, which {@code AgentError} picks up from the cause chain. */
    public static final class NativeCallFailed
            extends IOException
    {
        private final int errno;

        public NativeCallFailed(String call, int errno)
        {
            super(call + " failed: errno " + errno);
            this.errno = errno;
        }

        public int errno()
        {
            return errno;
        }
    }
}
