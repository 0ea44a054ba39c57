package dev.berth.youki.network;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Network;
import dev.berth.core.spec.NetworkMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Per-container {@code /etc/hosts} and {@code /etc/resolv.conf} under {@code <state-dir>/files/<id>}, for bind mounts. */
public final class NetworkFiles
{
    public static final Path HOST_HOSTS = Path.of("/etc/hosts");

    private final Path directory;
    private final Path hostHosts;

    /** @param hostHosts the host's hosts file, given to containers on the host's network */
    public NetworkFiles(Path directory, Path hostHosts)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.hostHosts = requireNonNull(hostHosts, "hostHosts is null");
    }

    /** @return container path to host file, in mount order */
    public Map<String, Path> write(NetworkAttachment attachment, String hostname)
    {
        Path files = directory.resolve(attachment.containerId());
        Map<String, Path> mounts = new LinkedHashMap<>();
        try {
            Files.createDirectories(files);
            mounts.put("/etc/hosts", Files.writeString(files.resolve("hosts"), hosts(attachment, hostname), UTF_8));
            mounts.put("/etc/resolv.conf", Files.writeString(files.resolve("resolv.conf"), attachment.resolvConf(), UTF_8));
        }
        catch (IOException e) {
            throw new Network("cannot write the network files of container " + attachment.containerId() + " in " + files + ": " + e.getMessage(), e);
        }
        return mounts;
    }

    // With the host's network the container sees the host's names too, as Docker and Podman give it.
    private String hosts(NetworkAttachment attachment, String hostname)
            throws IOException
    {
        if (attachment.mode() == NetworkMode.HOST && Files.isReadable(hostHosts)) {
            return Files.readString(hostHosts, UTF_8);
        }
        return attachment.hosts(hostname);
    }

    public void delete(String containerId)
    {
        Path files = directory.resolve(containerId);
        if (!Files.exists(files)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(files)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new Network("cannot remove the network files of container " + containerId + " in " + files + ": " + e.getMessage(), e);
        }
    }
}
