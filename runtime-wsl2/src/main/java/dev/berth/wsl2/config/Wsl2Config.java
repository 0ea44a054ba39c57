package dev.berth.wsl2.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.oci.runtime.OciFlavor;

import java.time.Duration;
import java.util.List;

/**
 * The {@code runtime.wsl2.*} settings. Paths named "in the distro" are Linux paths inside the WSL2 distro; the
 * record dir is on the agent's own host.
 */
public record Wsl2Config(
        String distro,
        TransportKind transport,
        String wslExe,
        String localRoot,
        String binary,
        OciFlavor flavor,
        String conmon,
        String root,
        String stateDir,
        String recordDir,
        String cgroupParent,
        List<String> allowedBindRoots,
        long logMaxSize,
        Duration createTimeout,
        Duration callTimeout,
        Duration probeTimeout)
{
    public static final ConfigKey<String> DISTRO = ConfigKey.string("runtime.wsl2.distro", "",
            "The WSL2 distro that runs Linux containers (as 'wsl.exe -l' names it). Required.");
    public static final ConfigKey<TransportKind> TRANSPORT = new ConfigKey<>("runtime.wsl2.transport", TransportKind.WSL, TransportKind::parse,
            "wsl: run commands through wsl.exe (Windows); local: run them on this Linux host against runtime.wsl2.local-root (tests).");
    public static final ConfigKey<String> WSL_EXE = ConfigKey.string("runtime.wsl2.wsl-exe", "wsl.exe", "The wsl.exe command.");
    public static final ConfigKey<String> LOCAL_ROOT = ConfigKey.string("runtime.wsl2.local-root", "/",
            "With the local transport: the directory standing in for the distro's / when probing (device nodes, MPS dirs).");
    public static final ConfigKey<String> BINARY = ConfigKey.string("runtime.wsl2.binary", "/usr/local/bin/youki",
            "The OCI runtime inside the distro, absolute (conmon refuses bare names).");
    public static final ConfigKey<OciFlavor> FLAVOR = new ConfigKey<>("runtime.wsl2.flavor", OciFlavor.YOUKI, OciFlavor::parse,
            "The runtime's flavor: youki, runc or crun.");
    public static final ConfigKey<String> CONMON = ConfigKey.string("runtime.wsl2.conmon", "/usr/bin/conmon", "conmon inside the distro.");
    public static final ConfigKey<String> ROOT = ConfigKey.string("runtime.wsl2.root", "/run/berth-wsl2",
            "The OCI runtime's --root inside the distro.");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.string("runtime.wsl2.state-dir", "/var/lib/berth/wsl2",
            "Inside the distro: bundles, overlay dirs, conmon files, logs, and the image layers unpacked there.");
    public static final ConfigKey<String> RECORD_DIR = ConfigKey.string("runtime.wsl2.record-dir", "/var/lib/berth/wsl2-records",
            "On the agent's host: the delegate's container records (use e.g. C:\\ProgramData\\berth\\wsl2 on Windows).");
    public static final ConfigKey<String> CGROUP_PARENT = ConfigKey.string("runtime.wsl2.cgroup-parent", "/berth-wsl2",
            "Parent cgroup of the delegate's containers inside the distro.");
    public static final ConfigKey<List<String>> ALLOWED_BIND_ROOTS = ConfigKey.list("runtime.wsl2.allowed-bind-roots", List.of(),
            "Distro directories under which a spec may bind-mount, comma-separated; empty allows none.");
    public static final ConfigKey<Long> LOG_MAX_SIZE = ConfigKey.size("runtime.wsl2.log-max-size", 10L * 1024 * 1024,
            "conmon's --log-size-max for each container log.");
    public static final ConfigKey<Duration> CREATE_TIMEOUT = ConfigKey.duration("runtime.wsl2.create-timeout", Duration.ofSeconds(90),
            "Bound on conmon plus the runtime's create inside the distro.");
    public static final ConfigKey<Duration> CALL_TIMEOUT = ConfigKey.duration("runtime.wsl2.call-timeout", Duration.ofSeconds(30),
            "Bound on every other call into the distro (wsl.exe start-up included).");
    public static final ConfigKey<Duration> PROBE_TIMEOUT = ConfigKey.duration("runtime.wsl2.probe-timeout", Duration.ofSeconds(15),
            "Bound on each probe: distro reachable, binaries present, GPU device nodes.");

    public static final List<ConfigKey<?>> KEYS = List.of(DISTRO, TRANSPORT, WSL_EXE, LOCAL_ROOT, BINARY, FLAVOR, CONMON, ROOT, STATE_DIR,
            RECORD_DIR, CGROUP_PARENT, ALLOWED_BIND_ROOTS, LOG_MAX_SIZE, CREATE_TIMEOUT, CALL_TIMEOUT, PROBE_TIMEOUT);

    public Wsl2Config
    {
        requireNonNull(distro, "distro is null");
        requireNonNull(transport, "transport is null");
        requireNonNull(wslExe, "wslExe is null");
        requireNonNull(localRoot, "localRoot is null");
        requireNonNull(binary, "binary is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(conmon, "conmon is null");
        requireNonNull(root, "root is null");
        requireNonNull(stateDir, "stateDir is null");
        requireNonNull(recordDir, "recordDir is null");
        requireNonNull(cgroupParent, "cgroupParent is null");
        allowedBindRoots = List.copyOf(requireNonNull(allowedBindRoots, "allowedBindRoots is null"));
        requireNonNull(createTimeout, "createTimeout is null");
        requireNonNull(callTimeout, "callTimeout is null");
        requireNonNull(probeTimeout, "probeTimeout is null");
    }

    /** @throws Configuration naming the key at fault */
    public static Wsl2Config from(ConfigMap config)
    {
        Wsl2Config parsed = new Wsl2Config(config.get(DISTRO), config.get(TRANSPORT), config.get(WSL_EXE), config.get(LOCAL_ROOT),
                config.get(BINARY), config.get(FLAVOR), config.get(CONMON), config.get(ROOT), config.get(STATE_DIR), config.get(RECORD_DIR),
                config.get(CGROUP_PARENT), config.get(ALLOWED_BIND_ROOTS), config.get(LOG_MAX_SIZE), config.get(CREATE_TIMEOUT),
                config.get(CALL_TIMEOUT), config.get(PROBE_TIMEOUT));
        for (ConfigKey<String> key : List.of(BINARY, CONMON, ROOT, STATE_DIR)) {
            if (!config.get(key).startsWith("/")) {
                throw new Configuration(key.name() + ": must be an absolute path inside the distro, got \"" + config.get(key) + "\"");
            }
        }
        return parsed;
    }
}
