package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.NetworkMode;
import dev.berth.core.spec.PortSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

class PortRulesTest
{
    @Test
    void bridgePublishesOnlyPortsWithAHostPort()
    {
        PortSpec published = new PortSpec(8080, 18080, "tcp", "127.0.0.1");
        PortSpec exposedOnly = new PortSpec(9090, 0, "tcp", "127.0.0.1");

        assertThat(PortRules.published(NetworkMode.BRIDGE, List.of(exposedOnly, published))).containsExactly(published);
    }

    @Test
    void noneRefusesPublishedPortsNamingTheField()
    {
        assertThatThrownBy(() -> PortRules.published(NetworkMode.NONE, List.of(new PortSpec(80, 0, "tcp", ""), new PortSpec(80, 8080, "tcp", ""))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("ports[1]: network none publishes no ports");
    }

    @Test
    void hostRequiresTheSamePortOnBothSides()
    {
        assertThat(PortRules.published(NetworkMode.HOST, List.of(new PortSpec(80, 80, "tcp", "")))).hasSize(1);
        assertThatThrownBy(() -> PortRules.published(NetworkMode.HOST, List.of(new PortSpec(80, 8080, "tcp", ""))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("ports[0]")
                .hasMessageContaining("hostPort 8080 must equal containerPort 80");
    }

    @Test
    void refusesTheSameHostSocketTwice()
    {
        assertThatThrownBy(() -> PortRules.published(NetworkMode.BRIDGE,
                List.of(new PortSpec(80, 8080, "tcp", "127.0.0.1"), new PortSpec(81, 8080, "tcp", "0.0.0.0"))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("ports[1]: host port *:8080/tcp is published twice");
        assertThat(PortRules.published(NetworkMode.BRIDGE,
                List.of(new PortSpec(80, 8080, "tcp", "127.0.0.1"), new PortSpec(80, 8080, "udp", "127.0.0.1")))).hasSize(2);
    }

    @Test
    void refusesNonIpv4HostAddressesAndBadProtocols()
    {
        assertThatThrownBy(() -> PortRules.published(NetworkMode.BRIDGE, List.of(new PortSpec(80, 8080, "tcp", "::1"))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("ports[0]: hostIp \"::1\" is not an IPv4 address");
        assertThatThrownBy(() -> PortRules.published(NetworkMode.BRIDGE, List.of(new PortSpec(80, 8080, "icmp", ""))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("protocol \"icmp\"");
    }

    @Test
    void clashNeedsSamePortProtocolAndAnOverlappingAddress()
    {
        PortSpec loopback = new PortSpec(80, 8080, "tcp", "127.0.0.1");
        assertThat(PortRules.clash(loopback, new PortSpec(81, 8080, "tcp", ""))).isTrue();
        assertThat(PortRules.clash(loopback, new PortSpec(81, 8080, "tcp", "192.0.2.2"))).isFalse();
        assertThat(PortRules.clash(loopback, new PortSpec(81, 8081, "tcp", "127.0.0.1"))).isFalse();
        assertThat(PortRules.clash(loopback, new PortSpec(81, 8080, "udp", "127.0.0.1"))).isFalse();
    }
}
