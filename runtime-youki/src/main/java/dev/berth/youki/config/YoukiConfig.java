package dev.berth.youki.config;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.runtime.OciFlavor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The youki backend's configuration, every key under {@code runtime.youki.}. Defaults are documented on each key.
 *
 * @param binary the OCI runtime executable (absolute, or a name looked up on PATH)
 * @param root the runtime's absolute state root
 * @param allowedBindRoots host directories under which a spec may bind-mount; empty refuses every bind
 * @param allowHardeningOptOut node policy: whether specs may relax the default hardening
 */
public record YoukiConfig(
        String binary,
        OciFlavor flavor,
        String root,
        String conmon,
        Path stateDir,
        Duration createTimeout,
        Duration callTimeout,
        long logMaxSize,
        List<Path> allowedBindRoots,
        boolean allowHardeningOptOut,
        String cgroupParent,
        long defaultPidsLimit)
{
    public static final ConfigKey<String> BINARY = ConfigKey.string("runtime.youki.binary", "",
            "The OCI runtime executable. Default: the flavor's name (youki, runc, crun) looked up on PATH.");
    public static final ConfigKey<OciFlavor> FLAVOR = new ConfigKey<>("runtime.youki.flavor", OciFlavor.YOUKI, OciFlavor::parse,
            "Which runtime the binary is: youki (default), runc or crun; it picks the default root and the command-line dialect.");
    public static final ConfigKey<String> ROOT = ConfigKey.string("runtime.youki.root", "",
            "The runtime's absolute state root (--root). Default per flavor: /run/youki, /run/berth/runc, /run/berth/crun.");
    public static final ConfigKey<String> CONMON = ConfigKey.string("runtime.youki.conmon", "/usr/bin/conmon",
            "The conmon executable, each container's monitor. Default /usr/bin/conmon.");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.string("runtime.youki.state-dir", "/var/lib/berth/youki",
            "Where bundles, logs, exit files and container records live. Default /var/lib/berth/youki.");
    public static final ConfigKey<Duration> CREATE_TIMEOUT = ConfigKey.duration("runtime.youki.create-timeout", Duration.ofSeconds(60),
            "Bound on creating one container (rootfs mount, conmon, runtime create). Default 60s.");
    public static final ConfigKey<Duration> CALL_TIMEOUT = ConfigKey.duration("runtime.youki.call-timeout", Duration.ofSeconds(15),
            "Bound on every other runtime call: start, state, kill, delete. Default 15s.");
    public static final ConfigKey<Long> LOG_MAX_SIZE = ConfigKey.size("runtime.youki.log-max-size", 10L * 1024 * 1024,
            "Size at which conmon rotates a container's log file (it starts the file afresh). Default 10Mi.");
    public static final ConfigKey<List<String>> ALLOWED_BIND_ROOTS = ConfigKey.list("runtime.youki.allowed-bind-roots", List.of(),
            "Comma-separated host directories under which specs may bind-mount. Default empty: binds are refused.");
    public static final ConfigKey<Boolean> ALLOW_HARDENING_OPT_OUT = ConfigKey.bool("runtime.youki.allow-hardening-opt-out", false,
            "Node policy: whether a spec may relax hardening (privileged, cap-add, seccomp unconfined, new privileges, devices). Default false.");
    public static final ConfigKey<String> CGROUP_PARENT = ConfigKey.string("runtime.youki.cgroup-parent", "/berth",
            "The cgroup under which each container gets its own (cgroupfs path). Default /berth.");

    public static final ConfigKey<Long> DEFAULT_PIDS_LIMIT = new ConfigKey<>("runtime.youki.default-pids-limit", BundlePolicy.DEFAULT_PIDS_LIMIT,
            YoukiConfig::pidsLimit, "The pids limit of a container whose spec sets none; a spec's own limit wins. 0: no default limit. Default 4096.");

    public static final List<ConfigKey<?>> KEYS = List.of(BINARY, FLAVOR, ROOT, CONMON, STATE_DIR, CREATE_TIMEOUT, CALL_TIMEOUT,
            LOG_MAX_SIZE, ALLOWED_BIND_ROOTS, ALLOW_HARDENING_OPT_OUT, CGROUP_PARENT, DEFAULT_PIDS_LIMIT);

    public YoukiConfig
    {
        requireNonNull(binary, "binary is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(root, "root is null");
        requireNonNull(conmon, "conmon is null");
        requireNonNull(stateDir, "stateDir is null");
        requireNonNull(createTimeout, "createTimeout is null");
        requireNonNull(callTimeout, "callTimeout is null");
        allowedBindRoots = List.copyOf(requireNonNull(allowedBindRoots, "allowedBindRoots is null"));
        requireNonNull(cgroupParent, "cgroupParent is null");
    }

    /** @throws Configuration naming the key at fault */
    public static YoukiConfig from(ConfigMap config)
    {
        OciFlavor flavor = config.get(FLAVOR);
        String binary = config.get(BINARY).isBlank() ? flavor.binaryName() : config.get(BINARY);
        String root = config.get(ROOT).isBlank() ? flavor.defaultRoot() : config.get(ROOT);
        requireAbsolute(ROOT, root);
        requireAbsolute(STATE_DIR, config.get(STATE_DIR));
        List<Path> bindRoots = config.get(ALLOWED_BIND_ROOTS).stream().map(text -> {
            requireAbsolute(ALLOWED_BIND_ROOTS, text);
            return Path.of(text).normalize();
        }).toList();
        return new YoukiConfig(binary, flavor, root, config.get(CONMON), Path.of(config.get(STATE_DIR)), config.get(CREATE_TIMEOUT),
                config.get(CALL_TIMEOUT), config.get(LOG_MAX_SIZE), bindRoots, config.get(ALLOW_HARDENING_OPT_OUT), config.get(CGROUP_PARENT),
                config.get(DEFAULT_PIDS_LIMIT));
    }

    private static long pidsLimit(String text)
    {
        long limit;
        try {
            limit = Long.parseLong(text.strip());
        }
        catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 0) {
            throw new IllegalArgumentException("\"" + text + "\" must be 0 (no default limit) or a positive number of processes");
        }
        return limit;
    }

    private static void requireAbsolute(ConfigKey<?> key, String path)
    {
        if (!path.startsWith("/")) {
            throw new Configuration(key.name() + ": \"" + path + "\" must be an absolute path");
        }
    }
}
