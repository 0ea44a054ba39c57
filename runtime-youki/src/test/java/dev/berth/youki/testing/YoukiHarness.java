package dev.berth.youki.testing;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.image.ImageService;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.oci.testing.TestImages;
import dev.berth.youki.config.YoukiConfig;
import dev.berth.youki.plugin.YoukiModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A youki backend for tests, built through the production Guice module, with its own state dir and runtime root
 * and a busybox image served by {@link TestImages}.
 */
public final class YoukiHarness
        implements AutoCloseable
{
    public static final String BUSYBOX = TestImages.BUSYBOX;
    public static final String WINDOWS = TestImages.WINDOWS;
    /** busybox whose image config sets StopSignal SIGUSR1. */
    public static final String BUSYBOX_USR1 = TestImages.BUSYBOX_USR1;
    private static final Path WORK = Path.of("/tmp/berth-youki-test");

    private final TestFlavor flavor;
    private final Path stateDir;
    private final String root;
    private final RuntimeBackend backend;
    private final Injector injector;
    private final boolean owner;

    private YoukiHarness(TestFlavor flavor, Path stateDir, String root, boolean owner, Map<String, String> extraConfig, Module... extraModules)
    {
        this.owner = owner;
        this.flavor = requireNonNull(flavor, "flavor is null");
        this.stateDir = stateDir;
        this.root = root;
        ConfigMap config = new ConfigMap(Map.of(
                YoukiConfig.FLAVOR.name(), flavor.flavor().binaryName(),
                YoukiConfig.BINARY.name(), flavor.binary(WORK.resolve("bin")).toString(),
                YoukiConfig.ROOT.name(), root,
                YoukiConfig.STATE_DIR.name(), stateDir.toString(),
                YoukiConfig.CGROUP_PARENT.name(), "/berth-test"));
        for (Map.Entry<String, String> entry : extraConfig.entrySet()) {
            config = config.with(entry.getKey(), entry.getValue());
        }
        ImageService images = TestImages.service();
        Module imageModule = new AbstractModule()
        {
            @Override
            protected void configure()
            {
                bind(ImageService.class).toInstance(images);
            }
        };
        Module[] modules = new Module[extraModules.length + 2];
        modules[0] = new YoukiModule(YoukiConfig.from(config));
        modules[1] = imageModule;
        System.arraycopy(extraModules, 0, modules, 2, extraModules.length);
        this.injector = Guice.createInjector(Stage.PRODUCTION, modules);
        this.backend = injector.getInstance(Key.get(new TypeLiteral<Map<String, RuntimeBackend>>() {})).get("youki");
    }

    /** A fresh state dir and runtime root, both removed on close. */
    public static YoukiHarness create(TestFlavor flavor, Map<String, String> extraConfig, Module... extraModules)
    {
        try {
            Files.createDirectories(WORK);
            Path state = Files.createTempDirectory(WORK, flavor.name().toLowerCase(java.util.Locale.ROOT) + "-");
            String root = "/run/berth-test/" + state.getFileName();
            return new YoukiHarness(flavor, state, root, true, extraConfig, extraModules);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static YoukiHarness create(TestFlavor flavor)
    {
        return create(flavor, Map.of());
    }

    /** A backend over an existing state dir and root: the "next agent JVM". Closing it leaves the containers. */
    public static YoukiHarness reopen(TestFlavor flavor, Path stateDir, String root)
    {
        return new YoukiHarness(flavor, stateDir, root, false, Map.of());
    }

    public static Path busyboxLayer()
    {
        return TestImages.busyboxLayer();
    }

    public RuntimeBackend backend()
    {
        return backend;
    }

    public Injector injector()
    {
        return injector;
    }

    public PulledImage busybox()
    {
        return backend.pull(BUSYBOX, dev.berth.core.spec.PlatformSpec.ANY);
    }

    public Path stateDir()
    {
        return stateDir;
    }

    public String root()
    {
        return root;
    }

    public TestFlavor flavor()
    {
        return flavor;
    }

    /** Force-removes every container left behind, then the state dir. */
    @Override
    public void close()
    {
        if (!owner) {
            return;
        }
        for (ContainerStatus status : backend.list()) {
            try {
                backend.remove(status.id(), true);
            }
            catch (RuntimeException e) {
                // best effort: a failed test may have left a broken container
            }
        }
        for (Path directory : List.of(stateDir, Path.of(root))) {
            try (var walk = Files.walk(directory)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException e) {
                // leave it for inspection
            }
        }
    }
}
