package dev.berth.wsl2;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.ImageService;
import dev.berth.oci.ContainerHost;
import dev.berth.oci.ExecDefaults;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.monitor.MonitoredInit;
import dev.berth.wsl2.distro.DistroFiles;
import dev.berth.wsl2.distro.DistroLayout;
import dev.berth.wsl2.distro.DistroMonitor;
import dev.berth.wsl2.distro.LayerStager;
import dev.berth.wsl2.distro.RootfsIdentity;
import dev.berth.wsl2.transport.DistroTransport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The delegate's containers inside a WSL2 distro: every file, pid and exit status is read with a command there,
 * never through a Windows-side path (the pids are the distro's, meaningless to Windows); layers are unpacked there
 * first. Records stay on the agent's host, in the backend's store.
 */
public final class DistroContainerHost
        implements ContainerHost
{
    private final ImageService images;
    private final DistroTransport transport;
    private final DistroLayout layout;
    private final DistroFiles files;
    private final DistroMonitor monitor;
    private final LayerStager layers;
    private final String distro;
    private final Duration callTimeout;

    public DistroContainerHost(ImageService images, DistroTransport transport, DistroLayout layout, DistroMonitor monitor, LayerStager layers,
            String distro, Duration callTimeout)
    {
        this.images = requireNonNull(images, "images is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.layers = requireNonNull(layers, "layers is null");
        this.distro = requireNonNull(distro, "distro is null");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
        this.files = new DistroFiles(transport, callTimeout);
    }

    @Override
    public String describe()
    {
        return "WSL2 distro '" + distro + "'";
    }

    @Override
    public String rootfs(String id)
    {
        return layout.rootfs(id);
    }

    @Override
    public String upper(String id)
    {
        return layout.upper(id);
    }

    @Override
    public String work(String id)
    {
        return layout.work(id);
    }

    @Override
    public boolean hasFiles(String id)
    {
        return files.exists(layout.container(id));
    }

    @Override
    public List<String> layers(PulledImage image)
    {
        return layers.stage(image.reference(), images.layerDirectories(image));
    }

    /** The rootfs is in the distro: its user database is copied out for the bundle builder, then deleted. */
    @Override
    public <T> T withIdentityRoot(String id, String user, Function<Optional<Path>, T> use)
    {
        try (RootfsIdentity identity = RootfsIdentity.copy(files, layout.rootfs(id), user)) {
            return use.apply(identity.root());
        }
    }

    @Override
    public void writeConfig(String id, ObjectNode config)
    {
        files.write(layout.bundle(id) + "/config.json", BundleBuilder.toJson(config));
    }

    @Override
    public long createMonitored(String id, boolean tty)
    {
        return monitor.create(id, tty);
    }

    @Override
    public Optional<ExitStatus> exitStatus(String id)
    {
        return monitor.look(id).exit();
    }

    @Override
    public boolean monitorAlive(String id)
    {
        return monitor.look(id).monitorAlive();
    }

    /** The distro's processes are not this JVM's to look at: the runtime's state says whether the container runs. */
    @Override
    public Optional<MonitoredInit> monitoredInit(String id)
    {
        return Optional.empty();
    }

    @Override
    public Optional<ExitStatus> awaitExit(String id, Duration timeout)
    {
        return monitor.awaitExit(id, timeout);
    }

    @Override
    public List<String> retireMonitor(String id, Duration grace)
    {
        return monitor.retire(id, grace);
    }

    @Override
    public void removeFiles(String id)
    {
        files.removeTree(layout.container(id), layout.stateDir() + "/containers");
    }

    /** The log, read inside the distro; following polls it there until the container exits or the reader is closed. */
    @Override
    public LogReader logs(String id, LogOptions options)
    {
        return DistroLogs.open(transport, monitor, layout, id, callTimeout, options);
    }

    @Override
    public ExecDefaults execDefaults(String id)
    {
        String config = layout.bundle(id) + "/config.json";
        return ExecDefaults.parse(files.read(config).orElseThrow(
                () -> new Internal("cannot read the OCI config " + config + " of container '" + id + "' in " + describe())), config);
    }

    @Override
    public ContainerStats stats(String id)
    {
        throw new Unsupported("the wsl2 delegate does not read container stats: the container's cgroups are inside " + describe());
    }
}
