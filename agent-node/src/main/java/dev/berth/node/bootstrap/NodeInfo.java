package dev.berth.node.bootstrap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gpu.inventory.GpuDevice;
import dev.berth.gpu.inventory.GpuInventory;
import dev.berth.core.platform.HostPlatform;
import dev.berth.node.api.ViewJson;
import dev.berth.node.marker.MarkerOutcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** What this node is, fixed at boot: platform, build, backends and why others were left out, capacity. */
public record NodeInfo(
        String version,
        HostPlatform host,
        String hostname,
        List<String> activeBackends,
        Map<String, String> rejectedBackends,
        int cpus,
        long memoryBytes,
        GpuInventory gpus,
        Path dataDir,
        Path socket,
        Instant started,
        MarkerOutcome marker)
{
    public NodeInfo
    {
        requireNonNull(version, "version is null");
        requireNonNull(host, "host is null");
        requireNonNull(hostname, "hostname is null");
        activeBackends = List.copyOf(activeBackends);
        rejectedBackends = Map.copyOf(rejectedBackends);
        requireNonNull(gpus, "gpus is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(socket, "socket is null");
        requireNonNull(started, "started is null");
        requireNonNull(marker, "marker is null");
    }

    public ObjectNode toJson()
    {
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.put("name", hostname);
        node.put("os", host.os().ociName());
        node.put("arch", host.arch());
        node.put("kernel", host.kernel());
        host.windowsBuild().ifPresent(build -> node.put("windowsBuild", build));
        node.put("wsl2", host.wsl2());
        node.put("version", version);
        node.put("build", version + " (java " + Runtime.version() + ")");
        ObjectNode backends = node.putObject("backends");
        for (String name : activeBackends) {
            backends.putObject(name).put("status", "active");
        }
        rejectedBackends.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                backends.putObject(entry.getKey()).put("status", "unusable").put("reason", entry.getValue()));
        ArrayNode devices = node.putArray("gpus");
        for (GpuDevice device : gpus.devices()) {
            ObjectNode entry = devices.addObject();
            entry.put("index", device.index());
            entry.put("vendor", device.vendor());
            entry.put("model", device.model());
            entry.put("memoryBytes", device.memoryBytes());
            device.uuid().ifPresent(uuid -> entry.put("uuid", uuid));
            device.pciAddress().ifPresent(address -> entry.put("pciAddress", address));
        }
        node.put("gpuSource", gpus.source());
        node.put("gpuTimeSliceReplicas", gpus.timeSliceReplicas());
        ObjectNode capacity = node.putObject("capacity");
        capacity.put("cpus", cpus);
        capacity.put("memoryBytes", memoryBytes);
        node.put("dataDir", dataDir.toString());
        node.put("socket", socket.toString());
        node.put("started", started.toString());
        node.put("previousAgent", marker.reason());
        return node;
    }
}
