package dev.berth.youki.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.OsFamily;
import dev.berth.image.ImageService;
import dev.berth.oci.OciBackend;
import dev.berth.oci.runtime.OciFlavor;
import dev.berth.oci.testing.TestingImageService;
import dev.berth.youki.config.YoukiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class YoukiPluginTest
{
    private final YoukiPlugin plugin = new YoukiPlugin();

    @TempDir
    Path directory;

    @Test
    void foundByServiceLoader()
    {
        assertThat(BackendDiscovery.load(getClass().getClassLoader())).extracting(BackendPlugin::name).contains("youki");
        assertThat(plugin.servedOs()).containsExactly(OsFamily.LINUX);
        assertThat(plugin.configKeys()).contains(YoukiConfig.BINARY, YoukiConfig.FLAVOR, YoukiConfig.ROOT, YoukiConfig.CONMON);
    }

    @Test
    void unusableReasonsNameWhatIsMissing()
    {
        assertThat(plugin.unusableReason(HostPlatform.windows("amd64", "10.0.20348"), ConfigMap.empty())).hasValueSatisfying(reason -> assertThat(reason).contains("not a Linux host"));
        ConfigMap noBinary = ConfigMap.empty().with(YoukiConfig.BINARY.name(), directory.resolve("no-youki").toString());
        assertThat(plugin.unusableReason(HostPlatform.linux("amd64"), noBinary)).hasValueSatisfying(reason -> assertThat(reason).contains("no-youki").contains("not installed"));
        ConfigMap noConmon = ConfigMap.empty().with(YoukiConfig.BINARY.name(), "/bin/sh").with(YoukiConfig.CONMON.name(), directory.resolve("no-conmon").toString());
        assertThat(plugin.unusableReason(HostPlatform.linux("amd64"), noConmon)).hasValueSatisfying(reason -> assertThat(reason).contains("conmon"));
        ConfigMap badFlavor = ConfigMap.empty().with(YoukiConfig.FLAVOR.name(), "docker");
        assertThat(plugin.unusableReason(HostPlatform.linux("amd64"), badFlavor)).hasValueSatisfying(reason -> assertThat(reason).contains("runtime.youki.flavor"));
    }

    @Test
    void rootCheckReadsTheEffectiveUid()
            throws IOException
    {
        Path status = directory.resolve("status");
        Files.writeString(status, "Name:\tjava\nUid:\t1000\t0\t1000\t1000\n");
        assertThat(YoukiPlugin.isRoot(status)).isTrue();
        Files.writeString(status, "Name:\tjava\nUid:\t0\t1000\t0\t0\n");
        assertThat(YoukiPlugin.isRoot(status)).isFalse();
    }

    @Test
    void defaultsDependOnTheFlavor()
    {
        YoukiConfig youki = YoukiConfig.from(ConfigMap.empty());
        assertThat(youki.flavor()).isEqualTo(OciFlavor.YOUKI);
        assertThat(youki.binary()).isEqualTo("youki");
        assertThat(youki.root()).isEqualTo("/run/youki");
        YoukiConfig runc = YoukiConfig.from(ConfigMap.empty().with(YoukiConfig.FLAVOR.name(), "runc"));
        assertThat(runc.root()).isEqualTo("/run/berth/runc");
        assertThat(runc.binary()).isEqualTo("runc");
        assertThatThrownBy(() -> YoukiConfig.from(ConfigMap.empty().with(YoukiConfig.ROOT.name(), "relative/root")))
                .isInstanceOf(Configuration.class).hasMessageContaining("runtime.youki.root");
        assertThatThrownBy(() -> YoukiConfig.from(ConfigMap.empty().with(YoukiConfig.ALLOWED_BIND_ROOTS.name(), "/srv, data")))
                .isInstanceOf(Configuration.class).hasMessageContaining("runtime.youki.allowed-bind-roots");
    }

    @Test
    void moduleBindsTheBackendUnderItsName()
    {
        ConfigMap config = ConfigMap.empty()
                .with(YoukiConfig.FLAVOR.name(), "runc")
                .with(YoukiConfig.BINARY.name(), "/bin/sh")
                .with(YoukiConfig.STATE_DIR.name(), directory.toString());
        var injector = Guice.createInjector(Stage.PRODUCTION, plugin.module(HostPlatform.linux("amd64"), config), new AbstractModule()
        {
            @Override
            protected void configure()
            {
                bind(ImageService.class).toInstance(new TestingImageService(Map.of(), Map.of()));
            }
        });
        Map<String, RuntimeBackend> backends = injector.getInstance(Key.get(new TypeLiteral<Map<String, RuntimeBackend>>() {}));
        assertThat(backends.get("youki")).isInstanceOf(OciBackend.class);
        assertThat(backends.get("youki").capabilities().exec()).isTrue();
        // the plugin installs GPU delivery (CDI, MPS, time-slice); without it a GPU spec would be refused outright
        assertThat(backends.get("youki").capabilities().gpu()).isTrue();
        assertThat(plugin.configKeys()).extracting(ConfigKey::name).contains("gpu.cdi-directories");
    }
}
