package dev.berth.wsl2.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.image.ImageService;
import dev.berth.oci.OciBackend;
import dev.berth.oci.testing.TestingImageService;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.transport.DistroTransport;
import dev.berth.wsl2.transport.LocalDistroTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class Wsl2ModuleTest
{
    @TempDir
    Path temp;

    @Test
    void thePluginModuleBindsTheDelegateUnderItsName()
    {
        ConfigMap config = new ConfigMap(Map.of(Wsl2Config.DISTRO.name(), "test", Wsl2Config.TRANSPORT.name(), "local",
                Wsl2Config.RECORD_DIR.name(), temp.resolve("records").toString()));
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new Wsl2Plugin().module(dev.berth.core.platform.HostPlatform.linux("amd64"), config),
                new AbstractModule()
                {
                    @Override
                    protected void configure()
                    {
                        bind(ImageService.class).toInstance(new TestingImageService(Map.of(), Map.of()));
                    }
                });
        RuntimeBackend backend = injector.getInstance(Key.get(new TypeLiteral<Map<String, RuntimeBackend>>() {})).get("wsl2");
        assertThat(backend).isInstanceOf(OciBackend.class);
        assertThat(backend).isSameAs(injector.getInstance(OciBackend.class));
        assertThat(injector.getInstance(DistroTransport.class)).isInstanceOf(LocalDistroTransport.class);
        assertThat(backend.capabilities().gpu()).isTrue();
    }
}
