package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.spec.Isolation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The HCS backend's configuration, under {@code runtime.hcs.}. */
public record HcsConfig(
        Optional<String> library,
        Duration operationTimeout,
        String layerRoot,
        Isolation defaultIsolation,
        String owner,
        long utilityVmMemoryBytes,
        int utilityVmProcessors,
        Duration pollInterval)
{
    public static final ConfigKey<String> LIBRARY = ConfigKey.string("runtime.hcs.library", "",
            "FOR TESTS: a library exporting the computecore, vmcompute and kernel32 functions (the C stub) to load instead of "
                    + "the Windows DLLs. Set, it also makes the backend usable on Linux. Default empty: the real DLLs.");
    public static final ConfigKey<Duration> OPERATION_TIMEOUT = ConfigKey.duration("runtime.hcs.operation-timeout", Duration.ofMinutes(4),
            "Bound on every HCS operation; past it the operation is cancelled with HcsCancelOperation. Default 4m (hcsshim's).");
    public static final ConfigKey<String> LAYER_ROOT = ConfigKey.string("runtime.hcs.layer-root", defaultLayerRoot(),
            "Directory for containers' scratch layers, utility VM disks and container logs. Default C:\\ProgramData\\berth\\hcs "
                    + "on Windows, /var/lib/berth/hcs elsewhere (only meaningful with runtime.hcs.library, in tests).");
    public static final ConfigKey<String> DEFAULT_ISOLATION = ConfigKey.string("runtime.hcs.default-isolation", "auto",
            "Isolation for specs that leave it 'auto': auto (process when the image's build equals the host's, else hyperv), "
                    + "process or hyperv. Default auto.");
    public static final ConfigKey<String> OWNER = ConfigKey.string("runtime.hcs.owner", "berth",
            "The Owner written into compute system documents. Default berth.");
    public static final ConfigKey<Long> UTILITY_VM_MEMORY = ConfigKey.size("runtime.hcs.utility-vm-memory", 1L << 30,
            "Memory of a Hyper-V isolated container's utility VM when the spec sets none. Default 1Gi.");
    public static final ConfigKey<Integer> UTILITY_VM_PROCESSORS = ConfigKey.integer("runtime.hcs.utility-vm-processors", 2,
            "Virtual processors of a utility VM when the spec sets no CPU. Default 2.");
    public static final ConfigKey<Duration> POLL_INTERVAL = ConfigKey.positiveDuration("runtime.hcs.poll-interval", Duration.ofMillis(200),
            "How often wait() reads the init process's status between exit events. Default 200ms.");

    public static final List<ConfigKey<?>> KEYS = List.of(LIBRARY, OPERATION_TIMEOUT, LAYER_ROOT, DEFAULT_ISOLATION, OWNER,
            UTILITY_VM_MEMORY, UTILITY_VM_PROCESSORS, POLL_INTERVAL);

    public HcsConfig
    {
        requireNonNull(library, "library is null");
        requireNonNull(operationTimeout, "operationTimeout is null");
        requireNonNull(layerRoot, "layerRoot is null");
        requireNonNull(defaultIsolation, "defaultIsolation is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(pollInterval, "pollInterval is null");
    }

    public static HcsConfig from(ConfigMap config)
    {
        String library = config.get(LIBRARY).trim();
        String isolation = config.get(DEFAULT_ISOLATION).trim().toLowerCase(Locale.ROOT);
        Isolation defaultIsolation = switch (isolation) {
            case "auto" -> Isolation.AUTO;
            case "process" -> Isolation.PROCESS;
            case "hyperv" -> Isolation.HYPERV;
            default -> throw new Configuration(DEFAULT_ISOLATION.name() + ": \"" + isolation + "\" is not auto, process or hyperv");
        };
        int processors = config.get(UTILITY_VM_PROCESSORS);
        if (processors < 1) {
            throw new Configuration(UTILITY_VM_PROCESSORS.name() + ": must be at least 1, got " + processors);
        }
        return new HcsConfig(library.isEmpty() ? Optional.empty() : Optional.of(library), config.get(OPERATION_TIMEOUT),
                config.get(LAYER_ROOT), defaultIsolation, config.get(OWNER), config.get(UTILITY_VM_MEMORY), processors,
                config.get(POLL_INTERVAL));
    }

    private static String defaultLayerRoot()
    {
        return System.getProperty("os.name", "").startsWith("Windows") ? "C:\\ProgramData\\berth\\hcs" : "/var/lib/berth/hcs";
    }

    public static HcsConfig defaults()
    {
        return from(ConfigMap.empty());
    }
}
