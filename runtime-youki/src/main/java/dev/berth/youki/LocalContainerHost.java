package dev.berth.youki;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.ImageService;
import dev.berth.oci.ContainerHost;
import dev.berth.oci.ExecDefaults;
import dev.berth.oci.OciBackendSettings;
import dev.berth.oci.bundle.BindSources;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.cgroup.CgroupReader;
import dev.berth.oci.logs.K8sLogReader;
import dev.berth.oci.monitor.ConmonMonitor;
import dev.berth.oci.monitor.ExitWatcher;
import dev.berth.oci.monitor.MonitoredInit;
import dev.berth.oci.state.ContainerPaths;
import dev.berth.oci.state.ContainerStore;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The youki backend's containers on this host: files under the store's container directories, read in-process;
 * conmon's pid and exit files watched directly, its processes seen in {@code /proc}; stats from the cgroups.
 */
public final class LocalContainerHost
        implements ContainerHost
{
    private static final Logger log = LogManager.getLogger(LocalContainerHost.class);

    private final ImageService images;
    private final ContainerStore store;
    private final ConmonMonitor monitor;
    private final CgroupReader cgroups;
    private final ExitWatcher exits;
    private final OciBackendSettings settings;
    private final BindSources bindSources;

    public LocalContainerHost(ImageService images, ContainerStore store, ConmonMonitor monitor, CgroupReader cgroups, OciBackendSettings settings,
            BindSources bindSources)
    {
        this.bindSources = requireNonNull(bindSources, "bindSources is null");
        this.images = requireNonNull(images, "images is null");
        this.store = requireNonNull(store, "store is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
        this.exits = new ExitWatcher(cgroups);
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String describe()
    {
        return "this host";
    }

    @Override
    public String rootfs(String id)
    {
        return store.paths(id).rootfs().toString();
    }

    @Override
    public String upper(String id)
    {
        return store.paths(id).upper().toString();
    }

    @Override
    public String work(String id)
    {
        return store.paths(id).work().toString();
    }

    @Override
    public boolean hasFiles(String id)
    {
        return Files.isDirectory(store.paths(id).directory());
    }

    @Override
    public List<String> layers(PulledImage image)
    {
        return images.layerDirectories(image).stream().map(Path::toString).toList();
    }

    /** The rootfs is on this host: the bundle builder reads its {@code /etc/passwd} where it is. */
    @Override
    public <T> T withIdentityRoot(String id, String user, Function<Optional<Path>, T> use)
    {
        return use.apply(Optional.of(store.paths(id).rootfs()));
    }

    @Override
    public void writeConfig(String id, ObjectNode config)
    {
        BundleBuilder.write(store.paths(id).bundle(), config);
    }

    @Override
    public long createMonitored(String id, boolean tty)
    {
        long pid = monitor.create(store.paths(id), tty);
        markFirstLog(store.paths(id));
        return pid;
    }

    /** A second name for the log conmon started with, so a reader from the start can tell when lines rotated away before it. */
    private static void markFirstLog(ContainerPaths paths)
    {
        try {
            Files.createLink(paths.firstLog(), paths.log());
        }
        catch (IOException | UnsupportedOperationException e) {
            log.debug("no first-log link for {}: {}", paths.id(), e.toString());
        }
    }

    @Override
    public Optional<ExitStatus> exitStatus(String id)
    {
        return exits.exitStatus(store.paths(id), settings.cgroupsPath(id));
    }

    @Override
    public boolean monitorAlive(String id)
    {
        return ConmonMonitor.alive(store.paths(id));
    }

    @Override
    public Optional<MonitoredInit> monitoredInit(String id)
    {
        return ConmonMonitor.monitoredInit(store.paths(id));
    }

    @Override
    public Optional<ExitStatus> awaitExit(String id, Duration timeout)
    {
        return exits.await(store.paths(id), settings.cgroupsPath(id), timeout);
    }

    @Override
    public List<String> retireMonitor(String id, Duration grace)
    {
        return ConmonMonitor.retire(store.paths(id), grace);
    }

    /** The store's delete takes the whole directory, the record last. */
    @Override
    public void removeFiles(String id)
    {
        // before the delete: a directory walk into a held bind source would delete the host's files
        bindSources.release(id);
    }

    @Override
    public LogReader logs(String id, LogOptions options)
    {
        ContainerPaths paths = store.paths(id);
        return new K8sLogReader(paths.log(), options, () -> exitStatus(id).isPresent() || !ConmonMonitor.alive(paths), Optional.of(paths.firstLog()));
    }

    @Override
    public ExecDefaults execDefaults(String id)
    {
        return ExecDefaults.read(store.paths(id).bundle().resolve("config.json"));
    }

    @Override
    public ContainerStats stats(String id)
    {
        return cgroups.stats(settings.cgroupsPath(id));
    }
}
