package dev.berth.node.bootstrap;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.node.config.AgentConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * With a data dir other than the default, the components' own directories follow it unless configured, so that
 * agents on separate data dirs share nothing: the image store, the Linux backend's state, its runtime root (which
 * it lists for orphans) and its network state (namespaces and attachment records are keyed by container id, which
 * is the container's name, so two agents running {@code web} would otherwise remove each other's namespace). Agents
 * on one host that both use bridge networking still need their own {@code runtime.youki.network.bridge} and
 * {@code subnet}: each agent leases addresses from its own state.
 */
public final class DataDirDefaults
{
    /** Key, and the directory under the data dir it defaults to. */
    static final Map<String, String> FOLLOWING = Map.of(
            "image.root", "images",
            "runtime.youki.state-dir", "youki",
            "runtime.youki.root", "runtime",
            "runtime.youki.network.state-dir", "network");

    private DataDirDefaults() {}

    public static ConfigMap apply(ConfigMap config, AgentConfig agent, List<ConfigKey<?>> known)
    {
        if (agent.dataDir().equals(Path.of(AgentConfig.DATA_DIR.defaultValue()))) {
            return config;
        }
        Set<String> names = known.stream().map(ConfigKey::name).collect(Collectors.toSet());
        ConfigMap result = config;
        for (Map.Entry<String, String> entry : FOLLOWING.entrySet()) {
            if (names.contains(entry.getKey()) && config.raw(entry.getKey()).isEmpty()) {
                result = result.with(entry.getKey(), agent.dataDir().resolve(entry.getValue()).toString());
            }
        }
        return result;
    }
}
