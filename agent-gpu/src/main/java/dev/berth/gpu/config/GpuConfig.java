package dev.berth.gpu.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;

import java.time.Duration;
import java.util.List;

/**
 * The {@code gpu.*} settings shared by every Linux backend.
 *
 * @param hostRoot where host paths are probed on the local machine ({@code /}; {@code /host} in a container)
 * @param cdiDirectories where CDI specs are read, in order; a later directory's device of the same name wins
 * @param mpsLiveProbe whether MPS checks also ask the control daemon for its server list
 * @param mpsControlBinary the MPS control command, run on the probed host
 * @param nvidiaSmi the nvidia-smi command, run on the probed host
 * @param timeSliceReplicas how many time-slice replicas each GPU offers
 * @param probeTimeout the limit on each probe command
 */
public record GpuConfig(
        String hostRoot,
        List<String> cdiDirectories,
        boolean mpsLiveProbe,
        String mpsControlBinary,
        String nvidiaSmi,
        int timeSliceReplicas,
        Duration probeTimeout)
{
    public static final ConfigKey<String> HOST_ROOT = ConfigKey.string("gpu.host-root", "/",
            "Directory standing in for / when probing GPU device nodes, CDI specs and MPS directories on the local host.");
    public static final ConfigKey<List<String>> CDI_DIRECTORIES = ConfigKey.list("gpu.cdi-directories", List.of("/etc/cdi", "/var/run/cdi"),
            "Directories holding CDI specs (JSON or YAML), comma-separated; a later directory overrides an earlier one.");
    public static final ConfigKey<Boolean> MPS_LIVE_PROBE = ConfigKey.bool("gpu.mps.live-probe", false,
            "Also confirm the MPS control daemon answers 'get_server_list' before placing an MPS container.");
    public static final ConfigKey<String> MPS_CONTROL_BINARY = ConfigKey.string("gpu.mps.control-binary", "nvidia-cuda-mps-control",
            "The MPS control command used by the live probe.");
    public static final ConfigKey<String> NVIDIA_SMI = ConfigKey.string("gpu.nvidia-smi", "nvidia-smi",
            "The nvidia-smi command used for the GPU inventory (/usr/lib/wsl/lib/nvidia-smi inside WSL2).");
    public static final ConfigKey<Integer> TIME_SLICE_REPLICAS = ConfigKey.integer("gpu.time-slice.replicas", 1,
            "Time-slice replicas each GPU offers; the inventory's sharing capacity is GPUs times this.");
    public static final ConfigKey<Duration> PROBE_TIMEOUT = ConfigKey.duration("gpu.probe-timeout", Duration.ofSeconds(10),
            "Limit on each GPU probe command (stat, nvidia-smi, the MPS probe).");

    public static final GpuConfig DEFAULTS = from(ConfigMap.empty());

    public GpuConfig
    {
        requireNonNull(hostRoot, "hostRoot is null");
        cdiDirectories = List.copyOf(requireNonNull(cdiDirectories, "cdiDirectories is null"));
        requireNonNull(mpsControlBinary, "mpsControlBinary is null");
        requireNonNull(nvidiaSmi, "nvidiaSmi is null");
        requireNonNull(probeTimeout, "probeTimeout is null");
        if (timeSliceReplicas < 1) {
            throw new IllegalArgumentException(TIME_SLICE_REPLICAS.name() + " must be at least 1, got " + timeSliceReplicas);
        }
    }

    public static List<ConfigKey<?>> configKeys()
    {
        return List.of(HOST_ROOT, CDI_DIRECTORIES, MPS_LIVE_PROBE, MPS_CONTROL_BINARY, NVIDIA_SMI, TIME_SLICE_REPLICAS, PROBE_TIMEOUT);
    }

    /** @throws dev.berth.core.error.Configuration naming the key at fault */
    public static GpuConfig from(ConfigMap config)
    {
        int replicas = config.get(TIME_SLICE_REPLICAS);
        if (replicas < 1) {
            throw new dev.berth.core.error.Configuration(TIME_SLICE_REPLICAS.name() + ": must be at least 1, got " + replicas);
        }
        return new GpuConfig(config.get(HOST_ROOT), config.get(CDI_DIRECTORIES), config.get(MPS_LIVE_PROBE),
                config.get(MPS_CONTROL_BINARY), config.get(NVIDIA_SMI), replicas, config.get(PROBE_TIMEOUT));
    }

    public GpuConfig withTimeSliceReplicas(int replicas)
    {
        return new GpuConfig(hostRoot, cdiDirectories, mpsLiveProbe, mpsControlBinary, nvidiaSmi, replicas, probeTimeout);
    }

    public GpuConfig withMpsLiveProbe(boolean liveProbe)
    {
        return new GpuConfig(hostRoot, cdiDirectories, liveProbe, mpsControlBinary, nvidiaSmi, timeSliceReplicas, probeTimeout);
    }
}
