package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.oci.linux.CommandHostFilesystem;
import dev.berth.oci.linux.HostCallFailed;
import dev.berth.oci.linux.HostFilesystem;
import dev.berth.oci.process.CommandTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lays out a container's root filesystem as an overlay: the image's shared, unpacked layers as read-only lower
 * directories and one upper and work directory of its own, so starting a container copies nothing.
 *
 * <p>Reuse point: {@link #RootfsMounter(CommandTransport, Duration)} runs {@code mkdir}, {@code mount} and
 * {@code umount} through a {@link CommandTransport}, so the WSL2 delegate lays out roots inside its distro the same
 * way; the local backend passes a {@link HostFilesystem} that makes the system calls in-process.
 */
public final class RootfsMounter
{
    private final HostFilesystem filesystem;

    public RootfsMounter(HostFilesystem filesystem)
    {
        this.filesystem = requireNonNull(filesystem, "filesystem is null");
    }

    /** Through commands on {@code transport}, each limited to {@code timeout}. */
    public RootfsMounter(CommandTransport transport, Duration timeout)
    {
        this(new CommandHostFilesystem(transport, timeout));
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
        // overlayfs lists lower directories top first
        List<String> lower = new ArrayList<>(layers);
        Collections.reverse(lower);
        String options = "lowerdir=" + String.join(":", lower) + ",upperdir=" + upper + ",workdir=" + work;
        try {
            filesystem.createDirectories(upper, work, target);
            filesystem.mountOverlay(options, target);
        }
        catch (HostCallFailed e) {
            throw new CreateFailed(id, e.getMessage(), e.getCause(), e.errnoOrNull());
        }
    }

    /** Unmounts {@code target}; a target that is not mounted (or gone) is left as it is. */
    public void unmount(String id, String target)
    {
        try {
            filesystem.unmount(target);
        }
        catch (HostCallFailed e) {
            throw new Internal("cannot unmount the root filesystem of " + id + ": " + e.getMessage(), e.getCause(), e.errnoOrNull());
        }
    }
}
