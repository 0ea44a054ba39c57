package dev.berth.youki.network;

import dev.berth.core.error.NotFound;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link NetworkManager}: attachments are records, nothing touches the host. */
final class TestingNetworkManager
        implements NetworkManager
{
    private final Map<String, NetworkAttachment> attachments = new ConcurrentHashMap<>();

    void put(NetworkAttachment attachment)
    {
        attachments.put(attachment.containerId(), attachment);
    }

    @Override
    public NetworkAttachment attach(String containerId, NetworkMode mode, List<PortSpec> ports)
    {
        NetworkAttachment attachment = new NetworkAttachment(containerId, mode,
                mode == NetworkMode.HOST ? Optional.empty() : Optional.of(java.nio.file.Path.of("/run/testing-netns", containerId)),
                Optional.empty(), Optional.empty(), PortRules.published(mode, ports), "");
        put(attachment);
        return attachment;
    }

    @Override
    public void detach(String containerId)
    {
        attachments.remove(containerId);
    }

    @Override
    public Optional<NetworkAttachment> find(String containerId)
    {
        return Optional.ofNullable(attachments.get(containerId));
    }

    @Override
    public List<NetworkAttachment> attachments()
    {
        return List.copyOf(attachments.values());
    }

    @Override
    public List<String> detachUnknown(Set<String> knownContainerIds)
    {
        List<String> unknown = attachments.keySet().stream().filter(id -> !knownContainerIds.contains(id)).sorted().toList();
        unknown.forEach(attachments::remove);
        return unknown;
    }

    @Override
    public void check(String containerId)
    {
        if (!attachments.containsKey(containerId)) {
            throw new NotFound(containerId, "no network attachment on record");
        }
    }
}
