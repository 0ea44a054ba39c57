package dev.berth.hcs.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.OsFamily;
import dev.berth.hcs.HcsConfig;
import dev.berth.hcs.HcsRuntime;
import dev.berth.hcs.HcsStub;
import dev.berth.hcs.TestingImageService;
import dev.berth.image.ImageService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Isolated
class HcsPluginTest
{
    private static final HostPlatform LINUX = HostPlatform.linux("amd64");

    @Test
    void foundByServiceLoader()
    {
        assertThat(BackendDiscovery.load(getClass().getClassLoader())).extracting(BackendPlugin::name).contains("hcs");
    }

    @Test
    void unusableOnLinuxWithoutAStandInLibrary()
    {
        assertThat(new HcsPlugin().unusableReason(LINUX, ConfigMap.empty())).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("not Windows").contains("runtime.hcs.library"));
        assertThat(new HcsPlugin().servedOs()).containsExactly(OsFamily.WINDOWS);
    }

    @Test
    void windowsWithoutComputecoreSaysWhichLibraryFailed()
    {
        HcsPlugin plugin = new HcsPlugin(library -> {
            throw new UnsatisfiedLinkError("Unable to load library 'computecore'");
        });
        assertThat(plugin.unusableReason(HostPlatform.windows("amd64", "10.0.20348"), ConfigMap.empty())).hasValueSatisfying(reason ->
                assertThat(reason).contains("computecore.dll").contains("Windows Containers feature").contains("Unable to load library"));
    }

    @Test
    void standInLibraryMakesItUsableOnLinuxAndTheModuleBindsTheBackend()
    {
        HcsStub stub = HcsStub.load();
        ConfigMap config = new ConfigMap(Map.of("runtime.hcs.library", stub.path(), "runtime.hcs.operation-timeout", "7s"));
        HcsPlugin plugin = new HcsPlugin();
        assertThat(plugin.unusableReason(LINUX, config)).isEmpty();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
        }, new AbstractModule()
        {
            @Override
            protected void configure()
            {
                bind(HostPlatform.class).toInstance(LINUX);
                bind(ImageService.class).toInstance(new TestingImageService());
            }
        }, plugin.module(LINUX, config));
        Map<String, RuntimeBackend> backends = injector.getInstance(Key.get(new TypeLiteral<Map<String, RuntimeBackend>>() {}));
        assertThat(backends.get("hcs")).isInstanceOf(HcsRuntime.class);
        assertThat(injector.getInstance(HcsConfig.class).operationTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(backends.get("hcs").list()).isNotNull();
    }

    @Test
    void badLibraryPathIsAReason()
    {
        ConfigMap config = new ConfigMap(Map.of("runtime.hcs.library", "/nonexistent/libhcs.so"));
        assertThat(new HcsPlugin().unusableReason(LINUX, config)).hasValueSatisfying(reason -> assertThat(reason).contains("/nonexistent/libhcs.so"));
    }

    @Test
    void configKeysAreDeclaredAndValidated()
    {
        assertThat(new HcsPlugin().configKeys()).extracting(key -> key.name()).containsExactlyInAnyOrder("runtime.hcs.library",
                "runtime.hcs.operation-timeout", "runtime.hcs.layer-root", "runtime.hcs.default-isolation", "runtime.hcs.owner",
                "runtime.hcs.utility-vm-memory", "runtime.hcs.utility-vm-processors", "runtime.hcs.poll-interval");
        assertThatThrownBy(() -> HcsConfig.from(new ConfigMap(Map.of("runtime.hcs.default-isolation", "vm"))))
                .isInstanceOf(Configuration.class).hasMessageContaining("runtime.hcs.default-isolation");
        assertThat(HcsConfig.defaults().library()).isEqualTo(Optional.empty());
    }
}
