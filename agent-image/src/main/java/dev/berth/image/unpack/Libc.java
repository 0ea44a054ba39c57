package dev.berth.image.unpack;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;

/**
 * The few libc calls the JDK lacks, for unpacking layers on Linux (glibc, LP64). Each throws
 * {@link LastErrorException} carrying errno on failure. Loaded once by {@link NativeFiles}.
 */
public interface Libc
        extends Library
{
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int S_IFIFO = 0010000;

    /** {@code int mknod(const char *pathname, mode_t mode, dev_t dev)}: [in] pathname, mode (type | permissions), dev. */
    int mknod(String pathname, int mode, long dev) throws LastErrorException;

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;

    /** {@code int chmod(const char *pathname, mode_t mode)}: unlike the JDK's, does not open the file. */
    int chmod(String pathname, int mode) throws LastErrorException;

    /**
     * {@code int utimensat(int dirfd, const char *pathname, const struct timespec times[2], int flags)}: [in] times as
     * {atime seconds, atime nanoseconds, mtime seconds, mtime nanoseconds}; does not open the file.
     */
    int utimensat(int dirfd, String pathname, long[] times, int flags) throws LastErrorException;

    /**
     * {@code int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)}: sets an
     * extended attribute on the link itself, not its target.
     */
    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;
}
