package dev.berth.oci.state;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where one container's files live under the state dir: its bundle (and rootfs mount point), overlay upper and
 * work dirs, conmon's exit dir, persist dir (exit and oom files) and pid files, the container log and the
 * runtime's JSON log, and the record the backend keeps. Everything stays after a failure, for inspection.
 */
public record ContainerPaths(String id, Path directory)
{
    public ContainerPaths
    {
        requireNonNull(id, "id is null");
        requireNonNull(directory, "directory is null");
    }

    public Path bundle()
    {
        return directory.resolve("bundle");
    }

    public Path rootfs()
    {
        return bundle().resolve("rootfs");
    }

    public Path upper()
    {
        return directory.resolve("upper");
    }

    public Path work()
    {
        return directory.resolve("work");
    }

    /** conmon's {@code --exit-dir}: it writes the exit status into a file named after the container. */
    public Path exitDir()
    {
        return directory.resolve("exits");
    }

    public Path exitFile()
    {
        return exitDir().resolve(id);
    }

    /** conmon's {@code --persist-dir}: an {@code exit} file and, when the kernel OOM-killed the container, an {@code oom} file. */
    public Path persistDir()
    {
        return directory.resolve("persist");
    }

    public Path oomFile()
    {
        return persistDir().resolve("oom");
    }

    public Path containerPidFile()
    {
        return directory.resolve("container.pid");
    }

    public Path conmonPidFile()
    {
        return directory.resolve("conmon.pid");
    }

    /** The container's stdout and stderr in conmon's k8s-file format. */
    public Path log()
    {
        return directory.resolve("container.log");
    }

    /**
     * A second name for the log file conmon started with, made right after create: once the log has rotated, the
     * file at {@link #log()} is another one, and a reader from the start knows that earlier lines are gone.
     */
    public Path firstLog()
    {
        return directory.resolve("container.log.first");
    }

    /** The OCI runtime's {@code --log}, JSON lines. */
    public Path runtimeLog()
    {
        return directory.resolve("runtime.json");
    }

    /**
     * Where the agent holds each bind mount's checked source (a bind of the opened source, so nothing can swap the
     * path between the check and the runtime's mount); unmounted before the directory is deleted.
     */
    public Path binds()
    {
        return directory.resolve("binds");
    }

    public Path record()
    {
        return directory.resolve("record.json");
    }
}
