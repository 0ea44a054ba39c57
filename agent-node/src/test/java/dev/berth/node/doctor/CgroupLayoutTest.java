package dev.berth.node.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupLayoutTest
{
    @Test
    void hybridHasV1ControllersAndAV2Mount()
    {
        CgroupLayout layout = CgroupLayout.parse(List.of(
                "30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:9 - tmpfs tmpfs ro,mode=755",
                "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw,nsdelegate",
                "33 30 0:29 / /sys/fs/cgroup/memory rw,nosuid shared:14 - cgroup cgroup rw,memory",
                "34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:15 - cgroup cgroup rw,cpu,cpuacct",
                "35 30 0:31 / /sys/fs/cgroup/systemd rw shared:11 - cgroup cgroup rw,xattr,name=systemd"));
        assertThat(layout.mode()).startsWith("v1 hybrid").contains("/sys/fs/cgroup/unified");
        assertThat(layout.v1Controllers()).containsExactly("cpu", "cpuacct", "memory", "xattr");
    }

    @Test
    void unifiedHasOnlyCgroup2()
    {
        CgroupLayout layout = CgroupLayout.parse(List.of("31 25 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate"));
        assertThat(layout.mode()).isEqualTo("v2 (unified)");
    }
}
