package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What berth keeps on disk per attachment, so a restarted agent can find, check and tear down what an earlier one
 * set up. The plugin configurations are kept as they were applied: DEL must replay them even if config changed since.
 *
 * @param complete false while (or when) attaching did not finish; detach still cleans up what exists
 * @param namespacePath null for HOST
 * @param plugins the bridge network's plugin configurations, in ADD order; empty for NONE and HOST
 * @param result the CNI result of the last ADD, the prevResult for DEL and CHECK; null until ADD succeeded
 */
public record AttachmentRecord(
        String containerId,
        NetworkMode mode,
        boolean complete,
        String namespacePath,
        List<ObjectNode> plugins,
        JsonNode result,
        String address,
        String gateway,
        List<PortSpec> publishedPorts,
        String resolvConf)
{
    public AttachmentRecord
    {
        requireNonNull(containerId, "containerId is null");
        requireNonNull(mode, "mode is null");
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        publishedPorts = publishedPorts == null ? List.of() : List.copyOf(publishedPorts);
        resolvConf = resolvConf == null ? "" : resolvConf;
    }

    public static AttachmentRecord started(String containerId, NetworkMode mode, Path namespacePath, List<ObjectNode> plugins,
            List<PortSpec> publishedPorts, String resolvConf)
    {
        return new AttachmentRecord(containerId, mode, false, namespacePath == null ? null : namespacePath.toString(),
                plugins, null, null, null, publishedPorts, resolvConf);
    }

    public AttachmentRecord completed(JsonNode result, String address, String gateway)
    {
        return new AttachmentRecord(containerId, mode, true, namespacePath, plugins, result, address, gateway, publishedPorts, resolvConf);
    }

    public Optional<Path> namespace()
    {
        return Optional.ofNullable(namespacePath).map(Path::of);
    }

    public NetworkAttachment toAttachment()
    {
        return new NetworkAttachment(containerId, mode, namespace(), Optional.ofNullable(address), Optional.ofNullable(gateway),
                publishedPorts, resolvConf);
    }
}
