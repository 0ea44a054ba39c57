package dev.berth.oci.linux;

/**
 * The host operations around a container that are not the OCI runtime's: directories, the overlay root filesystem,
 * and persistent network namespaces. {@link NativeHostFilesystem} makes them as system calls in this process (the
 * agent's own host); {@link CommandHostFilesystem} runs {@code mkdir}, {@code mount}, {@code umount} and
 * {@code unshare} through a {@link dev.berth.oci.process.CommandTransport} (the WSL2 delegate's distro).
 *
 * <p>Paths are strings in the namespace of the host the operations run on. Every method throws
 * {@link HostCallFailed} naming the path, with the errno where one is known; a command that runs past its time limit
 * throws {@link dev.berth.core.error.Timeout}.
 */
public interface HostFilesystem
{
    /** {@code mkdir -p} of each path. */
    void createDirectories(String... paths);

    /** Mounts an overlay file system with the given {@code lowerdir=...,upperdir=...,workdir=...} options at {@code target}. */
    void mountOverlay(String options, String target);

    /**
     * Unmounts {@code target} (not lazily).
     *
     * @return false when {@code target} was not mounted or does not exist, which is not an error
     */
    boolean unmount(String target);

    /** Bind-mounts {@code source} onto {@code target} (not recursively). */
    void bindMount(String source, String target);

    /** Makes the mount at {@code target} a shared mount, so later copies of it receive its unmounts. */
    void makeShared(String target);

    /**
     * Creates a new network namespace and holds it open with a bind mount on {@code path}, an existing empty file.
     * The namespace has only its loopback device.
     *
     * @return whether the loopback device is already up; when false the caller brings it up (the CNI loopback plugin)
     */
    boolean createNetworkNamespace(String path);
}
