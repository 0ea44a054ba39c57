package dev.berth.youki.bundle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.youki.process.Command;
import dev.berth.youki.process.CommandResult;
import dev.berth.youki.process.CommandTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a container's root filesystem as an overlay: the image's shared, unpacked layers as read-only lower
 * directories and one upper and work directory of its own, so starting a container copies nothing.
 *
 * <p>Reuse point: runs {@code mkdir}, {@code mount} and {@code umount} through a {@link CommandTransport}, so the
 * WSL2 delegate lays out roots inside its distro the same way.
 */
public final class RootfsMounter
{
    private final CommandTransport transport;
    private final Duration timeout;

    public RootfsMounter(CommandTransport transport, Duration timeout)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * Mounts the overlay at {@code target}.
     *
     * @param layers the image's layer directories, bottom layer first (as the image store lists them)
     */
    public void mount(String id, List<String> layers, String upper, String work, String target)
    {
        if (layers.isEmpty()) {
            throw new CreateFailed(id, "the image has no layers to mount as the root filesystem");
        }
        run(id, List.of("mkdir", "-p", upper, work, target));
        // overlayfs lists lower directories top first
        List<String> lower = new ArrayList<>(layers);
        java.util.Collections.reverse(lower);
        String options = "lowerdir=" + String.join(":", lower) + ",upperdir=" + upper + ",workdir=" + work;
        run(id, List.of("mount", "-t", "overlay", "overlay", "-o", options, target));
    }

    /** Unmounts {@code target}; a target that is not mounted (or gone) is left as it is. */
    public void unmount(String id, String target)
    {
        CommandResult result = transport.run(Command.of(timeout, List.of("umount", target)));
        if (!result.succeeded() && !result.stderr().contains("not mounted") && !result.stderr().contains("no mount point specified")) {
            throw new Internal("'" + result.command().display() + "' failed with exit status " + result.exitCode() + ": " + result.stderr().strip());
        }
    }

    private void run(String id, List<String> argv)
    {
        CommandResult result = transport.run(Command.of(timeout, argv));
        if (!result.succeeded()) {
            String stderr = result.stderr().strip();
            Integer errno = Errno.fromStrerror(stderr).isPresent() ? Errno.fromStrerror(stderr).getAsInt() : null;
            throw new CreateFailed(id, "'" + result.command().display() + "' failed with exit status " + result.exitCode() + ": " + stderr, null, errno);
        }
    }
}
