package dev.berth.youki.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubnetGuardTest
{
    private static final String ROUTES = """
            default via 192.0.2.1 dev eth0
            192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
            10.253.0.0/16 dev berth0 proto kernel scope link src 10.253.0.1
            local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
            local 192.0.2.2 dev eth0 table local proto kernel scope host src 192.0.2.2
            broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2
            """;

    @Test
    void ownBridgeAndDefaultRouteAreNoClash()
    {
        assertThat(SubnetGuard.clash(ROUTES, Ipv4Subnet.parse("10.253.0.0/16"), "berth0")).isEmpty();
    }

    @Test
    void overlapThroughAnotherDeviceIsNamed()
    {
        assertThat(SubnetGuard.clash(ROUTES, Ipv4Subnet.parse("192.0.2.128/25"), "berth0"))
                .contains("192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2");
        assertThat(SubnetGuard.clash(ROUTES, Ipv4Subnet.parse("10.0.0.0/8"), "other0"))
                .contains("10.253.0.0/16 dev berth0 proto kernel scope link src 10.253.0.1");
    }

    @Test
    void hostRoutesCountOnlyForTheirOwnAddress()
    {
        String routes = "local 10.254.0.5 dev dummy0 table local proto kernel scope host src 10.254.0.5\n";
        assertThat(SubnetGuard.clash(routes, Ipv4Subnet.parse("10.254.0.0/24"), "berth0")).isPresent();
        assertThat(SubnetGuard.clash(routes, Ipv4Subnet.parse("10.254.1.0/24"), "berth0")).isEmpty();
    }
}
