package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcConfig;
import dev.berth.image.gc.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.time.Duration;
import java.util.List;

class ImageModuleTest
{
    @TempDir
    Path root;

    @Test
    void bindsOneImageServiceFromConfig()
    {
        ConfigMap config = ConfigMap.empty()
                .with("image.root", root.toString())
                .with("image.max-layer-size", "1Gi")
                .with("image.pull-timeout", "5m")
                .with("image.insecure-registries", "registry.lan:5000, other.lan");
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
        }, new ImageModule(config, Stores.HOST));

        ImageService service = injector.getInstance(ImageService.class);
        assertThat(service).isSameAs(injector.getInstance(ImageService.class)).isInstanceOf(DefaultImageService.class);
        ImageStoreConfig storeConfig = injector.getInstance(ImageStoreConfig.class);
        assertThat(storeConfig.maxLayerSize()).isEqualTo(1L << 30);
        assertThat(storeConfig.pullTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(storeConfig.insecureRegistries()).containsExactly("registry.lan:5000", "other.lan");
        assertThat(root.resolve("blobs")).isDirectory();
        ((DefaultImageService) service).close();
    }

    @Test
    void putsTheStoreUnderTheDataDirUnlessImageRootIsSet()
    {
        assertThat(ImageStoreConfig.from(ConfigMap.empty(), root).root()).isEqualTo(root.resolve("images"));
        assertThat(ImageStoreConfig.from(ConfigMap.empty().with("image.root", root.resolve("elsewhere").toString()), root).root())
                .isEqualTo(root.resolve("elsewhere"));
        assertThat(ImageStoreConfig.from(ConfigMap.empty()).root()).isEqualTo(Path.of("/var/lib/berth/images"));
    }

    @Test
    void declaresEveryKeyUnderTheImagePrefixAndRefusesBadValues()
    {
        List<ConfigKey<?>> keys = ImageModule.configKeys();
        assertThat(keys).extracting(ConfigKey::name).allMatch(name -> name.startsWith("image."))
                .contains("image.root", "image.insecure-registries", "image.auth-file", "image.max-layer-size", "image.max-manifest-size",
                        "image.max-config-size", "image.pull-timeout", "image.retries", "image.allow-device-nodes");
        assertThat(keys).allMatch(key -> !key.description().isBlank());
        ConfigMap.empty().validate(keys);
        assertThatThrownBy(() -> ImageStoreConfig.from(ConfigMap.empty().with("image.retries", "-1")))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("image.retries"));
        assertThatThrownBy(() -> ConfigMap.empty().with("image.max-layer-size", "lots").validate(keys))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("image.max-layer-size"));
    }

    @Test
    void gcThresholdsAndPinsAreCheckedNamingTheKey()
    {
        assertThat(ImageModule.configKeys()).extracting(ConfigKey::name).contains("image.gc.high", "image.gc.low", "image.gc.pinned",
                "image.gc.min-age", "image.gc.interval");
        assertThat(ImageGcConfig.DEFAULT.high()).isEqualTo(85);
        assertThat(ImageGcConfig.DEFAULT.low()).isEqualTo(80);
        assertThatThrownBy(() -> ImageGcConfig.from(ConfigMap.empty().with("image.gc.high", "70").with("image.gc.low", "75")))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("image.gc.low").contains("below image.gc.high (70)"));
        assertThatThrownBy(() -> ImageGcConfig.from(ConfigMap.empty().with("image.gc.high", "101")))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("image.gc.high"));
        ImageGcConfig pinned = ImageGcConfig.from(ConfigMap.empty().with("image.gc.pinned", "busybox, UPPER:bad"));
        assertThatThrownBy(() -> new ImageGarbageCollector(Stores.open(root.resolve("store")), pinned, Set::of, () -> new StoreUsage(1, 1), Clock.systemUTC()))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage()).contains("image.gc.pinned").contains("UPPER:bad"));
    }
}
