package dev.berth.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.text.NearestName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Chooses the active backends: every plugin found (or the ones {@code runtime.backends} names), less those that
 * report themselves unusable on this host. With none left, fails naming every plugin's reason.
 */
public final class BackendDiscovery
{
    public static final ConfigKey<List<String>> BACKENDS = ConfigKey.list("runtime.backends", List.of("auto"),
            "Backends to activate, comma-separated (youki, hcs, wsl2), or 'auto' for every usable one found.");

    private BackendDiscovery() {}

    /** Every plugin on the class path, in a stable order. */
    public static List<BackendPlugin> load(ClassLoader classLoader)
    {
        List<BackendPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(BackendPlugin.class, classLoader).forEach(plugins::add);
        plugins.sort(java.util.Comparator.comparing(BackendPlugin::name));
        return plugins;
    }

    /**
     * @throws Configuration when a named backend is unknown or unusable, or when no backend is usable, listing every
     * rejection reason
     */
    public static Selection select(List<BackendPlugin> plugins, HostPlatform host, ConfigMap config)
    {
        requireNonNull(plugins, "plugins is null");
        List<String> requested = config.get(BACKENDS);
        boolean auto = requested.isEmpty() || requested.equals(List.of("auto"));
        Map<String, BackendPlugin> byName = new LinkedHashMap<>();
        plugins.forEach(plugin -> byName.put(plugin.name(), plugin));
        if (!auto) {
            for (String name : requested) {
                if (!byName.containsKey(name)) {
                    throw new Configuration(BACKENDS.name() + ": " + NearestName.unknown("backend", name, byName.keySet()));
                }
            }
        }
        List<BackendPlugin> active = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        for (BackendPlugin plugin : plugins) {
            if (!auto && !requested.contains(plugin.name())) {
                rejected.put(plugin.name(), "not listed in " + BACKENDS.name());
                continue;
            }
            Optional<String> reason = plugin.unusableReason(host, config);
            if (reason.isPresent()) {
                rejected.put(plugin.name(), reason.get());
            }
            else {
                active.add(plugin);
            }
        }
        if (!auto) {
            List<String> unusable = requested.stream().filter(rejected::containsKey).map(name -> name + ": " + rejected.get(name)).toList();
            if (!unusable.isEmpty()) {
                throw new Configuration("configured backend unusable on this host: " + String.join("; ", unusable));
            }
        }
        if (active.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            rejected.forEach((name, reason) -> reasons.add(name + ": " + reason));
            throw new Configuration("no usable runtime backend on this host ("
                    + (reasons.isEmpty() ? "no backend plugin found on the class path" : String.join("; ", reasons)) + ")");
        }
        return new Selection(List.copyOf(active), Map.copyOf(rejected));
    }

    /** The active plugins, and why each other plugin was left out. */
    public record Selection(List<BackendPlugin> active, Map<String, String> rejected)
    {
    }
}
