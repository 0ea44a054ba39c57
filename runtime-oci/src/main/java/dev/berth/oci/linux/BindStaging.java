package dev.berth.oci.linux;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.Timeout;
import dev.berth.oci.bundle.BindSources;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Bind sources resolved the way the kernel resolves them, and held from the check to the mount.
 *
 * <p>The allowed root is opened, and the source is opened beneath it with openat2(2)
 * {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS}: a symbolic link or {@code ..} that leads out of the root fails
 * there (EXDEV) instead of being followed to {@code /etc}. The {@code O_PATH} descriptor of what was found is then
 * bind-mounted through {@code /proc/self/fd/N} onto a staging path in the container's own directory under the
 * agent's root-only state dir, and the runtime is given that path. runc and crun open a bind source by its path in
 * the host's view, following links, so the path they get must be one no container can write to; the staged mount is
 * the very object that was checked, whatever is renamed or swapped under the root afterwards (the class of runc's
 * CVE-2021-30465 and Docker's CVE-2018-15664).
 *
 * <p>{@link #release} unmounts and removes the staging paths; it runs before the container's directory is deleted,
 * because a delete that walked into a still mounted source would delete the host's files.
 */
public final class BindStaging
        implements BindSources
{
    private static final int OPEN_HOW_SIZE = 24;
    private static final int EXDEV = 18;
    private static final int ENOSYS = 38;
    private static final int MAX_STACKED_MOUNTS = 16;

    private final Supplier<LibC> libc;
    private final Function<String, Path> stagingDirectory;
    private final Duration timeout;

    /**
     * @param stagingDirectory for a container id, the directory its staging paths go in (created 0700)
     * @param timeout the bound on holding one source or releasing one container's, as for any host call
     */
    public BindStaging(Supplier<LibC> libc, Function<String, Path> stagingDirectory, Duration timeout)
    {
        this.libc = requireNonNull(libc, "libc is null");
        this.stagingDirectory = requireNonNull(stagingDirectory, "stagingDirectory is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public String hold(String id, int index, String field, Path source, Path root)
    {
        return within("holding bind source " + source, () -> holdHere(id, index, field, source, root));
    }

    private String holdHere(String id, int index, String field, Path source, Path root)
    {
        // the root is the operator's: links in its own path are followed, but never a /proc magic link
        int rootFd = openat2(LibC.AT_FDCWD, root.toString(), LibC.RESOLVE_NO_MAGICLINKS);
        if (rootFd < 0) {
            throw refused(field, "the allowed bind root " + root + " cannot be opened", -rootFd);
        }
        try {
            String relative = root.relativize(source).toString();
            int fd = openat2(rootFd, relative.isEmpty() ? "." : relative, LibC.RESOLVE_BENEATH | LibC.RESOLVE_NO_MAGICLINKS);
            if (fd < 0) {
                int errno = -fd;
                if (errno == EXDEV) {
                    throw new InvalidSpec(field + ": the host path leads out of the allowed bind root " + root
                            + " (a symbolic link or '..' on it points elsewhere); refusing to mount it");
                }
                throw refused(field, "the host path cannot be opened beneath the allowed bind root " + root, errno);
            }
            try {
                return stage(id, index, Path.of("/proc/self/fd/" + fd));
            }
            finally {
                libc.get().close(fd);
            }
        }
        finally {
            libc.get().close(rootFd);
        }
    }

    private String stage(String id, int index, Path held)
    {
        Path directory = stagingDirectory.apply(id);
        Path staging = directory.resolve("mount-" + index);
        try {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            catch (FileAlreadyExistsException e) {
                // an earlier mount of this container made it
            }
            // the mount point must be of the kind the source is; Files follows the magic link to the held object
            if (Files.isDirectory(held)) {
                Files.createDirectory(staging);
            }
            else {
                Files.createFile(staging);
            }
        }
        catch (IOException e) {
            throw new Internal("cannot create the bind staging path " + staging + ": " + e, e);
        }
        String what = "bind-mount the held source " + held + " onto " + staging;
        if (libc.get().mount(held.toString(), staging.toString(), null, new NativeLong(LibC.MS_BIND | LibC.MS_REC), null) < 0) {
            int errno = Native.getLastError();
            throw new Internal(what + ": " + libc.get().strerror(errno) + " (errno " + errno + ")", null, errno);
        }
        return staging.toString();
    }

    /** @return the descriptor, or minus the errno */
    private int openat2(int directoryFd, String path, long resolve)
    {
        try (Memory how = new Memory(OPEN_HOW_SIZE)) {
            how.setLong(0, LibC.O_PATH | LibC.O_CLOEXEC);
            how.setLong(8, 0);
            how.setLong(16, resolve);
            long result = libc.get().syscall(new NativeLong(LibC.SYS_OPENAT2), directoryFd, path, how, new NativeLong(OPEN_HOW_SIZE)).longValue();
            return result < 0 ? -Native.getLastError() : (int) result;
        }
    }

    private InvalidSpec refused(String field, String what, int errno)
    {
        if (errno == ENOSYS) {
            return new InvalidSpec(field + ": bind mounts need openat2(2) (Linux 5.6 or later) to be resolved safely; this kernel has none");
        }
        return new InvalidSpec(field + ": " + what + ": " + libc.get().strerror(errno) + " (errno " + errno + ")");
    }

    @Override
    public void release(String id)
    {
        Path directory = stagingDirectory.apply(id);
        if (!Files.isDirectory(directory)) {
            return;
        }
        within("releasing the bind sources in " + directory, () -> {
            for (Path staging : entries(directory)) {
                unmountAll(staging);
                delete(staging);
            }
            delete(directory);
            return null;
        });
    }

    private void unmountAll(Path staging)
    {
        for (int i = 0; i < MAX_STACKED_MOUNTS; i++) {
            if (libc.get().umount2(staging.toString(), LibC.UMOUNT_NOFOLLOW) == 0) {
                continue;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EINVAL || errno == Errno.ENOENT) {
                return;
            }
            if (errno == Errno.EBUSY && libc.get().umount2(staging.toString(), LibC.UMOUNT_NOFOLLOW | LibC.MNT_DETACH) == 0) {
                continue;
            }
            throw new Internal("cannot unmount the bind staging path " + staging + ": " + libc.get().strerror(errno) + " (errno " + errno + ")",
                    null, errno);
        }
        throw new Internal("the bind staging path " + staging + " still has mounts after " + MAX_STACKED_MOUNTS + " unmounts");
    }

    private static List<Path> entries(Path directory)
    {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
        catch (IOException e) {
            throw new Internal("cannot list " + directory + ": " + e, e);
        }
    }

    /** Not recursive: a staging path that is not empty is still a mount of the host's files, and stays. */
    private static void delete(Path path)
    {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            throw new Internal("cannot remove the bind staging path " + path + ": " + e, e);
        }
    }

    private <T> T within(String what, Callable<T> call)
    {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "bind-staging");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            task.cancel(true);
            throw new Timeout(timeout, new HostCallFailed(what + " did not finish within " + timeout + "; abandoned", null, e));
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new Internal(what + " failed: " + e.getCause(), e.getCause());
        }
        catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new Internal(what + ": interrupted", e);
        }
    }
}
