package dev.berth.image;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The image store's configuration, every key under {@code image.}. Defaults are stated on each key.
 */
public record ImageStoreConfig(
        Path root,
        List<String> insecureRegistries,
        boolean insecureLoopback,
        Path authFile,
        long maxManifestSize,
        long maxConfigSize,
        long maxLayerSize,
        Duration requestTimeout,
        Duration stallTimeout,
        Duration pullTimeout,
        int retries,
        Duration retryDelay,
        int concurrentDownloads,
        boolean allowDeviceNodes)
{
    /**
     * Default {@code <agent data dir>/images} when the agent passes its data dir ({@link #from(ConfigMap, Path)}),
     * else {@code /var/lib/berth/images}: blobs, unpacked layers and the image index live under it.
     */
    public static final ConfigKey<String> ROOT = ConfigKey.string("image.root", "/var/lib/berth/images",
            "Directory of the image store (blobs/, layers/, index.json). Default <agent.data-dir>/images.");
    /** Default none. */
    public static final ConfigKey<List<String>> INSECURE_REGISTRIES = ConfigKey.list("image.insecure-registries", List.of(),
            "Registries (host or host:port) reached over plain HTTP instead of HTTPS. Default none.");
    /** Default true: a registry on localhost, 127.0.0.0/8 or ::1 is reached over plain HTTP. */
    public static final ConfigKey<Boolean> INSECURE_LOOPBACK = ConfigKey.bool("image.insecure-loopback", true,
            "Reach registries on loopback addresses over plain HTTP. Default true.");
    /** Default empty: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, when it exists. */
    public static final ConfigKey<String> AUTH_FILE = ConfigKey.string("image.auth-file", "",
            "Docker-style config.json holding registry credentials. Default $DOCKER_CONFIG/config.json or ~/.docker/config.json.");
    /** Default 4Mi. */
    public static final ConfigKey<Long> MAX_MANIFEST_SIZE = ConfigKey.size("image.max-manifest-size", 4L << 20,
            "Largest manifest or index accepted. Default 4Mi.");
    /** Default 8Mi. */
    public static final ConfigKey<Long> MAX_CONFIG_SIZE = ConfigKey.size("image.max-config-size", 8L << 20,
            "Largest image config accepted. Default 8Mi.");
    /** Default 16Gi: bounds a decompression bomb. */
    public static final ConfigKey<Long> MAX_LAYER_SIZE = ConfigKey.size("image.max-layer-size", 16L << 30,
            "Largest layer accepted, compressed or uncompressed; a layer inflating past it is refused. Default 16Gi.");
    /** Default 30s. */
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("image.request-timeout", Duration.ofSeconds(30),
            "Timeout for connecting and for each registry response to start. Default 30s.");
    /** Default 60s. */
    public static final ConfigKey<Duration> STALL_TIMEOUT = ConfigKey.duration("image.stall-timeout", Duration.ofSeconds(60),
            "A blob download receiving no bytes for this long is aborted (and retried). Default 60s.");
    /** Default 30m. */
    public static final ConfigKey<Duration> PULL_TIMEOUT = ConfigKey.duration("image.pull-timeout", Duration.ofMinutes(30),
            "Upper bound on one whole pull or load. Default 30m.");
    /** Default 3. */
    public static final ConfigKey<Integer> RETRIES = ConfigKey.integer("image.retries", 3,
            "Retries of a failed registry request or blob download (resuming where it stopped). Default 3.");
    /** Default 500ms, doubling per retry. */
    public static final ConfigKey<Duration> RETRY_DELAY = ConfigKey.duration("image.retry-delay", Duration.ofMillis(500),
            "Delay before the first retry, doubling for each further one. Default 500ms.");
    /** Default 3. */
    public static final ConfigKey<Integer> CONCURRENT_DOWNLOADS = ConfigKey.integer("image.concurrent-downloads", 3,
            "Blobs downloaded at once across all pulls. Default 3.");
    /** Default false: device nodes in layers are skipped with a warning. */
    public static final ConfigKey<Boolean> ALLOW_DEVICE_NODES = ConfigKey.bool("image.allow-device-nodes", false,
            "Create character and block device nodes found in layers; otherwise they are skipped. Default false.");

    public ImageStoreConfig
    {
        requireNonNull(root, "root is null");
        insecureRegistries = List.copyOf(requireNonNull(insecureRegistries, "insecureRegistries is null"));
        requireNonNull(authFile, "authFile is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(stallTimeout, "stallTimeout is null");
        requireNonNull(pullTimeout, "pullTimeout is null");
        requireNonNull(retryDelay, "retryDelay is null");
        if (retries < 0) {
            throw new Configuration(RETRIES.name() + ": must not be negative, got " + retries);
        }
        if (concurrentDownloads < 1) {
            throw new Configuration(CONCURRENT_DOWNLOADS.name() + ": must be at least 1, got " + concurrentDownloads);
        }
    }

    public static List<ConfigKey<?>> keys()
    {
        return List.of(ROOT, INSECURE_REGISTRIES, INSECURE_LOOPBACK, AUTH_FILE, MAX_MANIFEST_SIZE, MAX_CONFIG_SIZE,
                MAX_LAYER_SIZE, REQUEST_TIMEOUT, STALL_TIMEOUT, PULL_TIMEOUT, RETRIES, RETRY_DELAY, CONCURRENT_DOWNLOADS,
                ALLOW_DEVICE_NODES);
    }

    public static ImageStoreConfig from(ConfigMap config)
    {
        requireNonNull(config, "config is null");
        return withRoot(config, Path.of(config.get(ROOT)));
    }

    /** The config with the store under {@code <dataDir>/images} unless {@code image.root} is set. */
    public static ImageStoreConfig from(ConfigMap config, Path dataDir)
    {
        requireNonNull(config, "config is null");
        requireNonNull(dataDir, "dataDir is null");
        Path root = config.raw(ROOT.name()).isPresent() ? Path.of(config.get(ROOT)) : dataDir.resolve("images");
        return withRoot(config, root);
    }

    private static ImageStoreConfig withRoot(ConfigMap config, Path root)
    {
        return new ImageStoreConfig(
                root.toAbsolutePath(),
                config.get(INSECURE_REGISTRIES),
                config.get(INSECURE_LOOPBACK),
                authFile(config.get(AUTH_FILE)),
                config.get(MAX_MANIFEST_SIZE),
                config.get(MAX_CONFIG_SIZE),
                config.get(MAX_LAYER_SIZE),
                config.get(REQUEST_TIMEOUT),
                config.get(STALL_TIMEOUT),
                config.get(PULL_TIMEOUT),
                config.get(RETRIES),
                config.get(RETRY_DELAY),
                config.get(CONCURRENT_DOWNLOADS),
                config.get(ALLOW_DEVICE_NODES));
    }

    /** The defaults with the store under {@code root}: for tests and tools. */
    public static ImageStoreConfig atRoot(Path root)
    {
        return from(ConfigMap.empty().with(ROOT.name(), root.toString()));
    }

    private static Path authFile(String configured)
    {
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig, "config.json");
        }
        return Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    public Path blobsDirectory()
    {
        return root.resolve("blobs");
    }

    public Path ingestDirectory()
    {
        return root.resolve("ingest");
    }

    public Path layersDirectory()
    {
        return root.resolve("layers");
    }

    public Path indexFile()
    {
        return root.resolve("index.json");
    }
}
