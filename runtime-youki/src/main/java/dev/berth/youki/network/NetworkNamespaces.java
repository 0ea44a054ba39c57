package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Network;
import dev.berth.core.error.Timeout;
import dev.berth.oci.linux.HostCallFailed;
import dev.berth.oci.linux.HostFilesystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Persistent network namespaces, one bind-mounted nsfs file per container under {@code <state-dir>/netns}, the way
 * {@code ip netns} keeps them under /run/netns. The directory is made a shared mount of itself (as ip netns does) so
 * that unmounting a namespace also unmounts the copies that mount namespaces created later (containers) inherited,
 * and the namespace really goes away. Once its last namespace is deleted the directory is unmounted again, so a data
 * dir whose agent has stopped with no containers holds no mount and can be removed.
 */
public final class NetworkNamespaces
{
    private static final Logger log = LogManager.getLogger(NetworkNamespaces.class);
    private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");

    private final Path directory;
    private final HostFilesystem filesystem;
    private boolean directoryShared;

    public NetworkNamespaces(Path directory, HostFilesystem filesystem)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.filesystem = requireNonNull(filesystem, "filesystem is null");
    }

    public Path directory()
    {
        return directory;
    }

    public Path pathFor(String containerId)
    {
        return directory.resolve(containerId);
    }

    /**
     * Creates a fresh, empty network namespace (only a loopback device) held open by a bind mount on {@code path}.
     *
     * @return whether its loopback device is up already; when false the caller brings it up
     * @throws Network when the namespace cannot be made
     */
    public synchronized boolean create(Path path)
    {
        prepareDirectory();
        if (isMounted(path)) {
            throw new Network("network namespace " + path + " already exists");
        }
        try {
            Files.deleteIfExists(path);
            Files.createFile(path);
        }
        catch (IOException e) {
            throw new Network("cannot create the network namespace file " + path + ": " + e.getMessage(), e);
        }
        boolean loopbackUp = call("cannot create network namespace " + path, () -> filesystem.createNetworkNamespace(path.toString()));
        log.debug("created network namespace {}", path);
        return loopbackUp;
    }

    /** Unmounts and removes the namespace file; a namespace already gone is not an error. */
    public synchronized void delete(Path path)
    {
        if (isMounted(path)) {
            try {
                call("cannot unmount network namespace " + path, () -> filesystem.unmount(path.toString()));
            }
            catch (Network e) {
                if (isMounted(path)) {
                    throw e;
                }
            }
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            throw new Network("cannot remove network namespace file " + path + ": " + e.getMessage(), e);
        }
        releaseDirectoryIfEmpty();
    }

    /**
     * Unmounts the directory's bind mount of itself (which {@link #prepareDirectory} made or found) when no namespace
     * file is left in it; the next create mounts it again.
     */
    private void releaseDirectoryIfEmpty()
    {
        try (var entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        catch (IOException e) {
            log.debug("not releasing {}: {}", directory, e.getMessage());
            return;
        }
        // an agent that restarted deletes namespaces an earlier one made: the mount is that one's, not in memory here
        if (!directoryShared && !isMounted(directory)) {
            return;
        }
        try {
            call("cannot unmount " + directory, () -> filesystem.unmount(directory.toString()));
        }
        catch (Network e) {
            // still mounted: harmless, the next create finds it shared; only a stopped agent's data dir keeps a mount
            log.warn("{}; it stays mounted", e.getMessage());
        }
        directoryShared = false;
    }

    /** Whether {@code path} is a mount point in this process's mount namespace. */
    public boolean isMounted(Path path)
    {
        try {
            String wanted = (Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize()).toString();
            for (String line : Files.readAllLines(MOUNT_INFO, UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
            return false;
        }
        catch (IOException e) {
            throw new Network("cannot read " + MOUNT_INFO + ": " + e.getMessage(), e);
        }
    }

    private void prepareDirectory()
    {
        if (directoryShared) {
            return;
        }
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new Network("cannot create " + directory + ": " + e.getMessage(), e);
        }
        String path = directory.toString();
        if (!isMounted(directory)) {
            call("cannot bind-mount " + directory + " onto itself", () -> {
                filesystem.bindMount(path, path);
                return null;
            });
        }
        call("cannot make " + directory + " a shared mount", () -> {
            filesystem.makeShared(path);
            return null;
        });
        directoryShared = true;
    }

    // Failures and time-outs of the host calls are network failures here, as they were when these were commands.
    private <T> T call(String purpose, Supplier<T> operation)
    {
        try {
            return operation.get();
        }
        catch (HostCallFailed e) {
            throw new Network(purpose + ": " + e.getMessage(), e.getCause(), e.errnoOrNull());
        }
        catch (Timeout e) {
            throw new Network(purpose + ": " + e.getMessage(), e);
        }
    }

    // mountinfo escapes space, tab, newline and backslash as octal (\040 ...).
    private static String unescape(String field)
    {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < field.length(); index++) {
            char character = field.charAt(index);
            if (character == '\\' && index + 3 < field.length()) {
                text.append((char) Integer.parseInt(field.substring(index + 1, index + 4), 8));
                index += 3;
            }
            else {
                text.append(character);
            }
        }
        return text.toString();
    }
}
