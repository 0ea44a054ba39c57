package dev.berth.wsl2.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ExitStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

class DistroMonitorTest
{
    @Test
    void readsCodeFinishTimeAndOomFromTheLook()
    {
        assertThat(DistroMonitor.exitStatus("137\n1763777000\noom\n"))
                .isEqualTo(new ExitStatus(137, true, Optional.of(Instant.ofEpochSecond(1763777000))));
        assertThat(DistroMonitor.exitStatus("0\n\n1763777001\n"))
                .isEqualTo(new ExitStatus(0, false, Optional.of(Instant.ofEpochSecond(1763777001))));
    }

    @Test
    void layoutKeepsEveryContainerUnderTheStateDir()
    {
        DistroLayout layout = new DistroLayout("/var/lib/berth/wsl2/");
        assertThat(layout.exitFile("c1")).isEqualTo("/var/lib/berth/wsl2/containers/c1/exits/c1");
        assertThat(layout.rootfs("c1")).isEqualTo("/var/lib/berth/wsl2/containers/c1/bundle/rootfs");
        assertThat(layout.layers()).isEqualTo("/var/lib/berth/wsl2/layers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> layout.container("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
