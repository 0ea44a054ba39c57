package dev.berth.wsl2.testing;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.gpu.config.GpuConfig;
import dev.berth.image.ImageService;
import dev.berth.oci.OciBackend;
import dev.berth.oci.testing.TestImages;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.plugin.Wsl2Module;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.wsl2.transport.WslExeTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The delegate on the local transport with real runc and conmon: the distro's root is this host's {@code /}, and
 * the state dir, runtime root and record dir are fresh temp directories, removed on close.
 */
public final class Wsl2Harness
        implements AutoCloseable
{
    public static final String BUSYBOX = TestImages.BUSYBOX;
    /** Busybox whose image config says StopSignal SIGUSR1. */
    public static final String BUSYBOX_USR1 = TestImages.BUSYBOX_USR1;
    public static final String WINDOWS = TestImages.WINDOWS;
    private static final Path WORK = Path.of("/tmp/berth-wsl2-test");

    private final Path directory;
    private final OciBackend backend;
    private final RecordingTransport transport;
    private final Wsl2Config config;
    private final ConfigMap map;
    private final ImageService images;

    /** How the harness reaches its "distro": directly, or through a stand-in wsl.exe that runs the command here. */
    public enum Via
    {
        LOCAL,
        WSL_EXE
    }

    private Wsl2Harness(Path directory, Map<String, String> extra, Via via)
    {
        this.directory = directory;
        ConfigMap map = new ConfigMap(Map.of(
                Wsl2Config.DISTRO.name(), "test-distro",
                Wsl2Config.TRANSPORT.name(), "local",
                Wsl2Config.LOCAL_ROOT.name(), "/",
                Wsl2Config.BINARY.name(), "/usr/sbin/runc",
                Wsl2Config.FLAVOR.name(), "runc",
                Wsl2Config.ROOT.name(), "/run/berth-wsl2-test/" + directory.getFileName(),
                Wsl2Config.STATE_DIR.name(), directory.resolve("distro-state").toString(),
                Wsl2Config.RECORD_DIR.name(), directory.resolve("records").toString(),
                Wsl2Config.CGROUP_PARENT.name(), "/berth-wsl2-test"));
        for (Map.Entry<String, String> entry : extra.entrySet()) {
            map = map.with(entry.getKey(), entry.getValue());
        }
        this.config = Wsl2Config.from(map);
        this.transport = new RecordingTransport(switch (via) {
            case LOCAL -> new LocalDistroTransport(Path.of(config.localRoot()));
            case WSL_EXE -> new WslExeTransport(FakeWslExe.write(directory.resolve("wsl.exe"), config.distro()).toString(), config.distro());
        });
        this.map = map;
        this.images = TestImages.service();
        this.backend = Wsl2Module.create(images, transport, config, GpuConfig.from(map));
    }

    public static Wsl2Harness create(Map<String, String> extra)
    {
        return create(extra, Via.LOCAL);
    }

    public static Wsl2Harness create(Map<String, String> extra, Via via)
    {
        try {
            Files.createDirectories(WORK);
            return new Wsl2Harness(Files.createTempDirectory(WORK, "delegate-"), extra, via);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Wsl2Harness create()
    {
        return create(Map.of());
    }

    public Path directory()
    {
        return directory;
    }

    public OciBackend backend()
    {
        return backend;
    }

    /** A second delegate over the same distro state and records: the next agent JVM. */
    public OciBackend reopen()
    {
        return Wsl2Module.create(images, transport, config, GpuConfig.from(map));
    }

    public RecordingTransport transport()
    {
        return transport;
    }

    public Wsl2Config config()
    {
        return config;
    }

    public PulledImage busybox()
    {
        return backend.pull(BUSYBOX, PlatformSpec.ANY);
    }

    @Override
    public void close()
    {
        for (ContainerStatus status : backend.list()) {
            try {
                backend.remove(status.id(), true);
            }
            catch (RuntimeException e) {
                // best effort
            }
        }
        for (Path tree : new Path[] {directory, Path.of(config.root())}) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException e) {
                // leave it for inspection
            }
        }
    }
}
