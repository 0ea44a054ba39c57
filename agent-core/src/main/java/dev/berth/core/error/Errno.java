package dev.berth.core.error;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Linux errno values for the OS errors Java reports without a number. The JDK maps errno to
 * exception types (NoSuchFileException for ENOENT) or to strerror text in
 * {@link FileSystemException#getReason()}; this turns either back into the number.
 */
public final class Errno
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ELOOP = 40;
    public static final int ENOTEMPTY = 39;
    public static final int EDQUOT = 122;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;

    private static final Map<String, Integer> BY_STRERROR = Map.ofEntries(
            Map.entry("operation not permitted", EPERM),
            Map.entry("no such file or directory", ENOENT),
            Map.entry("input/output error", EIO),
            Map.entry("permission denied", EACCES),
            Map.entry("device or resource busy", EBUSY),
            Map.entry("file exists", EEXIST),
            Map.entry("not a directory", ENOTDIR),
            Map.entry("is a directory", EISDIR),
            Map.entry("invalid argument", EINVAL),
            Map.entry("no space left on device", ENOSPC),
            Map.entry("read-only file system", EROFS),
            Map.entry("directory not empty", ENOTEMPTY),
            Map.entry("too many levels of symbolic links", ELOOP),
            Map.entry("connection timed out", ETIMEDOUT),
            Map.entry("connection refused", ECONNREFUSED),
            Map.entry("disk quota exceeded", EDQUOT));

    private Errno() {}

    /** Whether {@code errno} says a file system is full or its quota used up: free space, not a configuration error. */
    public static boolean isStorageFull(int errno)
    {
        return errno == ENOSPC || errno == EDQUOT;
    }

    /**
     * The errno of the first cause in the chain that carries one: an {@link AgentError} with an errno,
     * or a file-system exception whose type or reason text names one.
     */
    public static OptionalInt of(Throwable throwable)
    {
        for (Throwable current = throwable; current != null; current = current.getCause()) {
            OptionalInt errno = direct(current);
            if (errno.isPresent()) {
                return errno;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt direct(Throwable throwable)
    {
        if (throwable instanceof AgentError error) {
            return error.errno();
        }
        if (throwable instanceof NoSuchFileException) {
            return OptionalInt.of(ENOENT);
        }
        if (throwable instanceof AccessDeniedException) {
            return OptionalInt.of(EACCES);
        }
        if (throwable instanceof FileAlreadyExistsException) {
            return OptionalInt.of(EEXIST);
        }
        if (throwable instanceof DirectoryNotEmptyException) {
            return OptionalInt.of(ENOTEMPTY);
        }
        if (throwable instanceof NotDirectoryException) {
            return OptionalInt.of(ENOTDIR);
        }
        if (throwable instanceof FileSystemLoopException) {
            return OptionalInt.of(ELOOP);
        }
        if (throwable instanceof NotLinkException) {
            return OptionalInt.of(EINVAL);
        }
        if (throwable instanceof FileSystemException fileSystemException && fileSystemException.getReason() != null) {
            return fromStrerror(fileSystemException.getReason());
        }
        if (throwable instanceof java.io.IOException && throwable.getMessage() != null) {
            return fromStrerror(throwable.getMessage());
        }
        return OptionalInt.empty();
    }

    /** The errno whose strerror text appears in {@code text}, as Linux's libc spells it. */
    public static OptionalInt fromStrerror(String text)
    {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Integer> entry : BY_STRERROR.entrySet()) {
            if (lower.contains(entry.getKey())) {
                return OptionalInt.of(entry.getValue());
            }
        }
        return OptionalInt.empty();
    }
}
