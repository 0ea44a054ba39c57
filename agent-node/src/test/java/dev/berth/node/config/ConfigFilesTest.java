package dev.berth.node.config;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import dev.berth.node.bootstrap.AgentLauncher;
import dev.berth.node.bootstrap.ProductionComponents;
import dev.berth.core.plugin.BackendDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFilesTest
{
    @TempDir
    Path directory;

    @Test
    void yamlIsFlattenedToDottedKeysAndSetOverridesIt()
            throws Exception
    {
        Path file = directory.resolve("config.yaml");
        Files.writeString(file, """
                agent:
                  data-dir: /srv/berth
                  tcp:
                    port: 7878
                runtime:
                  backends: [youki, hcs]
                  youki:
                    binary: /usr/bin/youki
                """);
        ConfigMap config = ConfigFiles.load(Optional.of(file), List.of("runtime.youki.binary=/usr/sbin/runc", "runtime.youki.flavor=runc"));
        assertThat(config.asMap()).containsEntry("agent.data-dir", "/srv/berth")
                .containsEntry("agent.tcp.port", "7878")
                .containsEntry("runtime.backends", "youki,hcs")
                .containsEntry("runtime.youki.binary", "/usr/sbin/runc")
                .containsEntry("runtime.youki.flavor", "runc");
    }

    @Test
    void aSecondBlockOfOneKeyOrANumberYamlWouldChangeIsRefusedNamingFileAndLine()
            throws Exception
    {
        Path twice = Files.writeString(directory.resolve("twice.yaml"), """
                runtime:
                  youki: {binary: /usr/sbin/runc}
                agent:
                  data-dir: /srv/berth
                runtime:
                  backends: [youki]
                """);
        assertThatThrownBy(() -> ConfigFiles.load(Optional.of(twice), List.of()))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("config file " + twice + " line 5")
                .hasMessageContaining("the key \"runtime\" appears twice");
        Path octal = Files.writeString(directory.resolve("octal.yaml"), "agent:\n  tcp:\n    token: 0755\n");
        assertThatThrownBy(() -> ConfigFiles.load(Optional.of(octal), List.of()))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("0755 is read by YAML as the number 493: quote it");
        Path words = Files.writeString(directory.resolve("words.yaml"), "agent:\n  tcp:\n    token: yes\n  group: 1.10\n");
        assertThat(ConfigFiles.load(Optional.of(words), List.of()).asMap()).containsEntry("agent.tcp.token", "yes").containsEntry("agent.group", "1.10");
    }

    @Test
    void malformedSetIsRefused()
    {
        assertThatThrownBy(() -> ConfigFiles.load(Optional.empty(), List.of("no-equals")))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("KEY=VALUE");
    }

    @Test
    void unknownKeyNamesTheNearestValidOne()
    {
        ConfigMap config = ConfigFiles.load(Optional.empty(), List.of("runtime.youki.flavour=runc", "agent.sokcet=/tmp/x"));
        assertThatThrownBy(() -> config.validate(AgentLauncher.knownKeys(BackendDiscovery.load(getClass().getClassLoader()), new ProductionComponents())))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("runtime.youki.flavor")
                .hasMessageContaining("agent.socket");
    }

    @Test
    void everyComponentsKeysAreAccepted()
    {
        ConfigMap config = ConfigFiles.load(Optional.empty(), List.of("image.retries=2", "lifecycle.remove-orphans=true",
                "bridge.mode=embedded", "runtime.youki.flavor=runc", "agent.tcp.port=0"));
        config.validate(AgentLauncher.knownKeys(BackendDiscovery.load(getClass().getClassLoader()), new ProductionComponents()));
    }

    @Test
    void tcpWithoutTokenIsRefused()
    {
        ConfigMap config = ConfigMap.empty().with("agent.tcp.port", "7878");
        assertThatThrownBy(() -> AgentConfig.from(config)).isInstanceOf(Configuration.class).hasMessageContaining("agent.tcp.token");
    }

    @Test
    void tokenNeverAppearsInToString()
    {
        AgentConfig config = AgentConfig.from(ConfigMap.empty().with("agent.tcp.port", "7878").with("agent.tcp.token", "s3cret"));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void nonDefaultDataDirMovesComponentDirectoriesUnderIt()
    {
        AgentConfig agent = AgentConfig.from(ConfigMap.empty().with("agent.data-dir", "/tmp/agent-a"));
        ConfigMap config = dev.berth.node.bootstrap.DataDirDefaults.apply(ConfigMap.empty().with("image.root", "/keep"), agent,
                AgentLauncher.knownKeys(BackendDiscovery.load(getClass().getClassLoader()), new ProductionComponents()));
        assertThat(config.asMap()).containsEntry("image.root", "/keep")
                .containsEntry("runtime.youki.state-dir", "/tmp/agent-a/youki")
                .containsEntry("runtime.youki.root", "/tmp/agent-a/runtime")
                .containsEntry("runtime.youki.network.state-dir", "/tmp/agent-a/network");
    }
}
