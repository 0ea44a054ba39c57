package dev.berth.image;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;

import java.util.List;

/**
 * Binds the node's one {@link ImageService} (a singleton) and its {@link ImageStoreConfig}. The agent installs it
 * with its config and detected host, and adds {@link #configKeys()} to the keys it accepts:
 * <pre>{@code
 * Guice.createInjector(Stage.PRODUCTION, new ImageModule(config, host, dataDir), ...);
 * }</pre>
 */
public final class ImageModule
        extends AbstractModule
{
    private final ImageStoreConfig config;
    private final HostPlatform host;

    public ImageModule(ConfigMap config, HostPlatform host)
    {
        this(ImageStoreConfig.from(requireNonNull(config, "config is null")), host);
    }

    /** The store under {@code <dataDir>/images} unless {@code image.root} says otherwise. */
    public ImageModule(ConfigMap config, HostPlatform host, java.nio.file.Path dataDir)
    {
        this(ImageStoreConfig.from(requireNonNull(config, "config is null"), dataDir), host);
    }

    public ImageModule(ImageStoreConfig config, HostPlatform host)
    {
        this.config = requireNonNull(config, "config is null");
        this.host = requireNonNull(host, "host is null");
    }

    /** Every key under {@code image.}, for the agent's unknown-key check. */
    public static List<ConfigKey<?>> configKeys()
    {
        List<ConfigKey<?>> keys = new java.util.ArrayList<>(ImageStoreConfig.keys());
        keys.addAll(dev.berth.image.gc.ImageGcConfig.keys());
        return List.copyOf(keys);
    }

    @Override
    protected void configure()
    {
        bind(ImageStoreConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    ImageService imageService(ImageStoreConfig storeConfig)
    {
        return new DefaultImageService(storeConfig, host);
    }
}
