package dev.berth.node.config;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The agent process's own settings, under {@code agent.}. Whether containers are stopped when the agent stops is
 * the lifecycle's {@code lifecycle.stop-containers-on-shutdown} (default: they keep running). {@code --data-dir} and {@code --socket} on the command
 * line override {@code agent.data-dir} and {@code agent.socket}.
 */
public record AgentConfig(
        Path dataDir,
        Path socket,
        String socketGroup,
        int tcpPort,
        Optional<String> tcpToken,
        Duration shutdownTimeout,
        Optional<OsFamily> platformOs,
        String platformWindowsBuild,
        ApiLimits api)
{
    /** Durable state, the PID marker and boot-error.json live here. */
    public static final ConfigKey<String> DATA_DIR = ConfigKey.string("agent.data-dir", "/var/lib/berth",
            "Directory holding the agent's durable state, PID marker and boot-error.json.");
    public static final ConfigKey<String> SOCKET = ConfigKey.string("agent.socket", "/run/berth/berth.sock",
            "Unix domain socket the local API listens on (mode 0660).");
    public static final ConfigKey<String> SOCKET_GROUP = ConfigKey.string("agent.socket-group", "",
            "Group owning the API socket; empty keeps the agent's own group (root).");
    public static final ConfigKey<Integer> TCP_PORT = ConfigKey.integer("agent.tcp.port", 0,
            "Loopback TCP port for the API (127.0.0.1 only); 0 disables it. Requires agent.tcp.token.");
    public static final ConfigKey<String> TCP_TOKEN = ConfigKey.string("agent.tcp.token", "",
            "Bearer token every TCP request must carry; never logged.");
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("agent.shutdown-timeout", Duration.ofSeconds(10),
            "On SIGTERM, how long in-flight API operations may take to finish.");

    /** For tests and mixed-cluster simulation only: the agent then reports (and places, and pulls) as that OS. */
    public static final ConfigKey<String> PLATFORM_OS = ConfigKey.string("agent.platform.os", "",
            "For tests and mixed-cluster simulation only: report this node as 'linux' or 'windows' instead of the detected OS "
                    + "(to the composite runtime, image pulls and the scheduler bridge). Empty: the detected OS.");
    public static final ConfigKey<String> PLATFORM_WINDOWS_BUILD = ConfigKey.string("agent.platform.windows-build", "10.0.20348",
            "With agent.platform.os=windows: the Windows build the node reports (e.g. 10.0.20348 for Server 2022).");

    public static final List<ConfigKey<?>> KEYS = keys();

    public AgentConfig
    {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(socket, "socket is null");
        requireNonNull(socketGroup, "socketGroup is null");
        requireNonNull(tcpToken, "tcpToken is null");
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        requireNonNull(platformOs, "platformOs is null");
        requireNonNull(platformWindowsBuild, "platformWindowsBuild is null");
        requireNonNull(api, "api is null");
    }

    private static List<ConfigKey<?>> keys()
    {
        List<ConfigKey<?>> keys = new java.util.ArrayList<>(List.of(DATA_DIR, SOCKET, SOCKET_GROUP, TCP_PORT, TCP_TOKEN,
                SHUTDOWN_TIMEOUT, PLATFORM_OS, PLATFORM_WINDOWS_BUILD));
        keys.addAll(ApiLimits.KEYS);
        return List.copyOf(keys);
    }

    /** @throws dev.berth.core.error.Configuration for a TCP port without a token, or a bad value */
    public static AgentConfig from(ConfigMap config)
    {
        int port = config.get(TCP_PORT);
        String token = config.get(TCP_TOKEN);
        if (port < 0 || port > 65535) {
            throw new dev.berth.core.error.Configuration(TCP_PORT.name() + ": " + port + " is not a port number");
        }
        if (port != 0 && token.isBlank()) {
            throw new dev.berth.core.error.Configuration(TCP_PORT.name() + " is set, so " + TCP_TOKEN.name()
                    + " must be set too: the TCP API never runs without a bearer token");
        }
        String os = config.get(PLATFORM_OS).strip();
        Optional<OsFamily> platformOs = os.isEmpty() ? Optional.empty() : Optional.of(OsFamily.fromOciName(os)
                .orElseThrow(() -> new dev.berth.core.error.Configuration(PLATFORM_OS.name() + ": \"" + os
                        + "\" is not an OS (linux or windows)")));
        String build = config.get(PLATFORM_WINDOWS_BUILD).strip();
        if (platformOs.isPresent() && platformOs.get() == OsFamily.WINDOWS && !build.matches("\\d+\\.\\d+\\.\\d+(\\.\\d+)?")) {
            throw new dev.berth.core.error.Configuration(PLATFORM_WINDOWS_BUILD.name() + ": \"" + build
                    + "\" is not a Windows version (like 10.0.20348)");
        }
        return new AgentConfig(
                Path.of(config.get(DATA_DIR)).toAbsolutePath(),
                Path.of(config.get(SOCKET)).toAbsolutePath(),
                config.get(SOCKET_GROUP),
                port,
                token.isBlank() ? Optional.empty() : Optional.of(token),
                config.get(SHUTDOWN_TIMEOUT),
                platformOs,
                build,
                ApiLimits.from(config));
    }

    /** The detected host, or what {@code agent.platform.*} says this node is. */
    public HostPlatform platform(HostPlatform detected)
    {
        if (platformOs.isEmpty() || platformOs.get() == detected.os()) {
            return detected;
        }
        return platformOs.get() == OsFamily.WINDOWS
                ? new HostPlatform(OsFamily.WINDOWS, detected.arch(), detected.kernel(), Optional.of(platformWindowsBuild), false)
                : new HostPlatform(platformOs.get(), detected.arch(), detected.kernel(), Optional.empty(), false);
    }

    @Override
    public String toString()
    {
        // The token is a secret: never in logs.
        return "AgentConfig[dataDir=" + dataDir + ", socket=" + socket + ", tcpPort=" + tcpPort + "]";
    }
}
