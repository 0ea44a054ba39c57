package dev.berth.image;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;

import java.nio.file.Path;
import java.util.Map;

/** Image services over a temporary store, for tests. */
final class Stores
{
    static final HostPlatform HOST = new HostPlatformDetector(new SystemHostProbe()).detect();

    private Stores() {}

    /** A service with fast retries, its store under {@code root}, and {@code overrides} on top. */
    static DefaultImageService open(Path root, Map<String, String> overrides)
    {
        ConfigMap config = ConfigMap.empty()
                .with(ImageStoreConfig.ROOT.name(), root.toString())
                .with(ImageStoreConfig.RETRY_DELAY.name(), "20ms")
                .with(ImageStoreConfig.AUTH_FILE.name(), root.resolve("no-auth.json").toString());
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            config = config.with(entry.getKey(), entry.getValue());
        }
        return new DefaultImageService(ImageStoreConfig.from(config), HOST);
    }

    static DefaultImageService open(Path root)
    {
        return open(root, Map.of());
    }
}
