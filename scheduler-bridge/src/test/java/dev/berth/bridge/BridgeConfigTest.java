package dev.berth.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class BridgeConfigTest
{
    @Test
    void defaultsToEmbedded()
    {
        BridgeConfig config = BridgeConfig.from(ConfigMap.empty());
        assertThat(config.mode()).isEqualTo("embedded");
        assertThat(config.nodeId()).isNotBlank();
        assertThat(config.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.fenceAfter()).as("the lease TTL").isEqualTo(Duration.ofSeconds(10));
        assertThat(BridgeConfig.from(ConfigMap.empty().with("bridge.etcd.lease-ttl", "4s")).fenceAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(BridgeConfig.from(ConfigMap.empty().with("bridge.etcd.fence-after", "30s")).fenceAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsEtcdSettingsAndNeverShowsThePassword()
    {
        BridgeConfig config = BridgeConfig.from(ConfigMap.empty().with("bridge.mode", "etcd").with("bridge.node.id", "n1")
                .with("bridge.node.labels", "zone=a, gpu=yes").with("bridge.etcd.endpoints", "http://10.0.0.1:2379,http://10.0.0.2:2379")
                .with("bridge.etcd.user", "berth").with("bridge.etcd.password", "hunter2"));
        assertThat(config.endpoints()).isEqualTo(List.of("http://10.0.0.1:2379", "http://10.0.0.2:2379"));
        assertThat(config.nodeLabels()).isEqualTo(Map.of("zone", "a", "gpu", "yes"));
        assertThat(config.toString()).doesNotContain("hunter2").contains("<redacted>");
    }

    @Test
    void badValuesNameTheKey()
    {
        assertThatThrownBy(() -> BridgeConfig.from(ConfigMap.empty().with("bridge.mode", "swarm")))
                .isInstanceOf(Configuration.class).hasMessageContaining("bridge.mode");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigMap.empty().with("bridge.etcd.lease-ttl", "500ms")))
                .isInstanceOf(Configuration.class).hasMessageContaining("bridge.etcd.lease-ttl");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigMap.empty().with("bridge.etcd.fence-after", "500ms")))
                .isInstanceOf(Configuration.class).hasMessageContaining("bridge.etcd.fence-after: 500ms is under the 1s minimum");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigMap.empty().with("bridge.etcd.tls.cert", "/c.pem")))
                .isInstanceOf(Configuration.class).hasMessageContaining("bridge.etcd.tls.key");
        assertThatThrownBy(() -> BridgeConfig.from(ConfigMap.empty().with("bridge.node.labels", "zone")))
                .isInstanceOf(Configuration.class).hasMessageContaining("bridge.node.labels");
    }

    @Test
    void everyKeyIsUnderTheBridgePrefix()
    {
        assertThat(BridgeConfig.configKeys()).allMatch(key -> key.name().startsWith("bridge."));
        ConfigMap.empty().with("bridge.mode", "etcd").validate(BridgeConfig.configKeys());
    }
}
