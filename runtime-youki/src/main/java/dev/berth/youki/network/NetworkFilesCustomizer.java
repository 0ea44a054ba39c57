package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.OciConfigCustomizer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Bind-mounts the attachment's {@code /etc/hosts} (the container's hostname on its address) and
 * {@code /etc/resolv.conf} (the host's nameservers, loopback ones dropped) into containers the
 * {@link NetworkManager} attached. A mount the spec already puts on one of those paths wins.
 */
public final class NetworkFilesCustomizer
        implements OciConfigCustomizer
{
    private static final String[] OPTIONS = {"rbind", "rprivate", "nosuid", "nodev", "noexec"};

    private final NetworkManager manager;
    private final NetworkFiles files;

    @Inject
    public NetworkFilesCustomizer(NetworkManager manager, NetworkConfig config)
    {
        this.manager = requireNonNull(manager, "manager is null");
        this.files = new NetworkFiles(config.stateDirectory().resolve("files"), NetworkFiles.HOST_HOSTS);
    }

    @Override
    public void customize(BundleRequest request, ObjectNode config)
    {
        Optional<NetworkAttachment> attachment = manager.find(request.id());
        if (attachment.isEmpty()) {
            return;
        }
        ArrayNode mounts = config.withArray("/mounts");
        for (Map.Entry<String, Path> file : files.write(attachment.get(), config.path("hostname").asText("")).entrySet()) {
            if (mounted(mounts, file.getKey())) {
                continue;
            }
            ObjectNode mount = mounts.addObject();
            mount.put("destination", file.getKey());
            mount.put("type", "bind");
            mount.put("source", file.getValue().toString());
            ArrayNode options = mount.putArray("options");
            for (String option : OPTIONS) {
                options.add(option);
            }
        }
    }

    private static boolean mounted(ArrayNode mounts, String destination)
    {
        for (JsonNode mount : mounts) {
            if (mount.path("destination").asText().equals(destination)) {
                return true;
            }
        }
        return false;
    }
}
