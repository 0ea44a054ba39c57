package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

class NetworkConfigTest
{
    @Test
    void defaults()
    {
        NetworkConfig config = NetworkConfig.from(ConfigMap.empty());

        assertThat(config.cniPath()).isEqualTo(Path.of("/usr/lib/cni"));
        assertThat(config.bridge()).isEqualTo("berth0");
        assertThat(config.subnet()).hasToString("10.253.0.0/16");
        assertThat(config.stateDirectory()).isEqualTo(Path.of("/run/berth/network"));
        assertThat(config.pluginTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKeyIsUnderThePrefixAndValidatesTheDefaults()
    {
        assertThat(NetworkConfig.configKeys()).extracting(ConfigKey::name).allMatch(name -> name.startsWith("runtime.youki.network."));
        ConfigMap.empty().validate(NetworkConfig.configKeys());
    }

    @Test
    void readsOverrides()
    {
        NetworkConfig config = NetworkConfig.from(new ConfigMap(Map.of(
                "runtime.youki.network.bridge", "br-test",
                "runtime.youki.network.subnet", "10.254.7.0/24",
                "runtime.youki.network.plugin-timeout", "5s")));

        assertThat(config.bridge()).isEqualTo("br-test");
        assertThat(config.subnet()).isEqualTo(Ipv4Subnet.parse("10.254.7.0/24"));
        assertThat(config.pluginTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesNameTheKey()
    {
        assertThatThrownBy(() -> NetworkConfig.from(new ConfigMap(Map.of("runtime.youki.network.subnet", "10.254.7.1/24"))))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("runtime.youki.network.subnet")
                .hasMessageContaining("host bits set");
        assertThatThrownBy(() -> NetworkConfig.from(new ConfigMap(Map.of("runtime.youki.network.bridge", "a-much-too-long-bridge"))))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("runtime.youki.network.bridge");
        assertThatThrownBy(() -> NetworkConfig.from(new ConfigMap(Map.of("runtime.youki.network.plugin-timeout", "0s"))))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("runtime.youki.network.plugin-timeout");
    }

    @Test
    void subnetParsing()
    {
        assertThat(Ipv4Subnet.parse("10.253.0.0/16").contains(Ipv4Subnet.parseAddress("10.253.200.7"))).isTrue();
        assertThat(Ipv4Subnet.parse("10.253.0.0/16").contains(Ipv4Subnet.parseAddress("10.252.0.1"))).isFalse();
        assertThat(Ipv4Subnet.parse("10.0.0.0/8").overlaps(Ipv4Subnet.parse("10.253.0.0/16"))).isTrue();
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.253.0.0")).hasMessageContaining("not an IPv4 CIDR");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.256.0.0/16")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.0.0.0/31")).hasMessageContaining("not in 1..30");
    }
}
