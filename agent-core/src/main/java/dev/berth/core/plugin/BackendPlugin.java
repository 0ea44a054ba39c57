package dev.berth.core.plugin;

import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.OsFamily;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A runtime backend packaged as a plugin, found through {@link java.util.ServiceLoader}. The agent asks every
 * plugin whether it can run on this host; each active plugin contributes a Guice module that binds its
 * {@link RuntimeBackend} into the {@code MapBinder<String, RuntimeBackend>} under {@link #name()}
 * (use {@link BackendBinder#bind}).
 */
public interface BackendPlugin
{
    /** The backend's name: {@code youki}, {@code hcs}, {@code wsl2}. Config keys live under {@code runtime.<name>.}. */
    String name();

    /** The OS families this backend would serve; known even when it is not usable, for placement messages. */
    Set<OsFamily> servedOs();

    /** Every config key the plugin reads, so the agent can refuse unknown ones. */
    List<ConfigKey<?>> configKeys();

    /**
     * Why this backend cannot run containers on this host (binary missing, not Windows, no WSL2 distro, …), or
     * empty when it can. A cheap probe: no containers are created.
     */
    Optional<String> unusableReason(HostPlatform host, ConfigMap config);

    /** The Guice module that binds this backend. Called only for active plugins. */
    Module module(HostPlatform host, ConfigMap config);
}
