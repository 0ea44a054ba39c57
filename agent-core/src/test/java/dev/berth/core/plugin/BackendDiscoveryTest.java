package dev.berth.core.plugin;

import com.google.inject.Module;
import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendDiscoveryTest
{
    private static final HostPlatform LINUX = HostPlatform.linux("amd64");

    private record TestingPlugin(String name, Optional<String> unusable)
            implements BackendPlugin
    {
        @Override
        public Set<OsFamily> servedOs()
        {
            return Set.of(OsFamily.LINUX);
        }

        @Override
        public List<ConfigKey<?>> configKeys()
        {
            return List.of();
        }

        @Override
        public Optional<String> unusableReason(HostPlatform host, ConfigMap config)
        {
            return unusable;
        }

        @Override
        public Module module(HostPlatform host, ConfigMap config)
        {
            return binder -> {};
        }
    }

    private final BackendPlugin youki = new TestingPlugin("youki", Optional.empty());
    private final BackendPlugin hcs = new TestingPlugin("hcs", Optional.of("not a Windows host"));
    private final BackendPlugin wsl2 = new TestingPlugin("wsl2", Optional.of("no WSL2 distro configured"));

    @Test
    void autoActivatesEveryUsablePlugin()
    {
        BackendDiscovery.Selection selection = BackendDiscovery.select(List.of(hcs, youki, wsl2), LINUX, ConfigMap.empty());
        assertThat(selection.active()).containsExactly(youki);
        assertThat(selection.rejected()).isEqualTo(Map.of("hcs", "not a Windows host", "wsl2", "no WSL2 distro configured"));
    }

    @Test
    void noUsableBackendListsEveryReason()
    {
        assertThatThrownBy(() -> BackendDiscovery.select(List.of(hcs, wsl2), LINUX, ConfigMap.empty()))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("no usable runtime backend on this host")
                .hasMessageContaining("hcs: not a Windows host")
                .hasMessageContaining("wsl2: no WSL2 distro configured");
        assertThatThrownBy(() -> BackendDiscovery.select(List.of(), LINUX, ConfigMap.empty()))
                .hasMessageContaining("no backend plugin found on the class path");
    }

    @Test
    void configuredListRestrictsAndValidates()
    {
        ConfigMap onlyYouki = new ConfigMap(Map.of("runtime.backends", "youki"));
        BackendDiscovery.Selection selection = BackendDiscovery.select(List.of(hcs, youki), LINUX, onlyYouki);
        assertThat(selection.active()).containsExactly(youki);
        assertThat(selection.rejected()).containsEntry("hcs", "not listed in runtime.backends");
        assertThatThrownBy(() -> BackendDiscovery.select(List.of(hcs, youki), LINUX, new ConfigMap(Map.of("runtime.backends", "yuoki"))))
                .isInstanceOf(Configuration.class).hasMessageContaining("did you mean 'youki'?");
        assertThatThrownBy(() -> BackendDiscovery.select(List.of(hcs, youki), LINUX, new ConfigMap(Map.of("runtime.backends", "youki,hcs"))))
                .isInstanceOf(Configuration.class).hasMessageContaining("configured backend unusable on this host: hcs: not a Windows host");
    }

    @Test
    void loadFindsNoPluginsInCore()
    {
        assertThat(BackendDiscovery.load(getClass().getClassLoader())).isEmpty();
    }
}
