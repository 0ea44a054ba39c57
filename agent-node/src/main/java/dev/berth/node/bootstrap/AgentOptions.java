package dev.berth.node.bootstrap;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** {@code berth agent}'s command line. */
public record AgentOptions(Optional<Path> configFile, Optional<Path> dataDir, Optional<Path> socket, List<String> sets, String logFormat)
{
    /** Read when {@code --config} is not given and the file exists. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/berth/config.yaml");

    public AgentOptions
    {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(socket, "socket is null");
        sets = List.copyOf(sets);
        requireNonNull(logFormat, "logFormat is null");
    }

    /** The config file to read: {@code --config}, else the default file when it exists. */
    public Optional<Path> effectiveConfigFile()
    {
        if (configFile.isPresent()) {
            return configFile;
        }
        return java.nio.file.Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty();
    }

    /** {@code --set} overrides, then {@code --data-dir} and {@code --socket}, which win. */
    public List<String> overrides()
    {
        List<String> all = new java.util.ArrayList<>(sets);
        dataDir.ifPresent(dir -> all.add("agent.data-dir=" + dir.toAbsolutePath()));
        socket.ifPresent(path -> all.add("agent.socket=" + path.toAbsolutePath()));
        return all;
    }
}
