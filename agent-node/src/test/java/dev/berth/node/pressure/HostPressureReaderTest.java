package dev.berth.node.pressure;

import dev.berth.core.error.Internal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Memory and pid headroom from fake proc and cgroup trees: the host's figures, and the agent's cgroup where it is tighter. */
class HostPressureReaderTest
{
    @TempDir
    Path root;

    @Test
    void anUnconfinedHostReadsMemAvailableAndPidMaxLessTasks()
    {
        new FakeHost(root).memory(8L << 30, 3L << 30).pids(32768, 768);

        HostReading reading = new HostPressureReader(root).read();

        assertThat(reading.memoryAvailableBytes()).isEqualTo(3L << 30);
        assertThat(reading.memorySource()).isEqualTo("/proc/meminfo");
        assertThat(reading.pidsFree()).isEqualTo(32000);
        assertThat(reading.pidsSource()).contains("pid_max");
    }

    @Test
    void threadsMaxBelowPidMaxBounds()
    {
        new FakeHost(root).pids(4194304, 1000).write("proc/sys/kernel/threads-max", "5000");

        assertThat(new HostPressureReader(root).read().pidsFree()).isEqualTo(4000);
    }

    @Test
    void cgroupV2LimitsTighterThanTheHostWinWorkingSetLessInactiveFiles()
    {
        new FakeHost(root).memory(8L << 30, 3L << 30)
                .write("sys/fs/cgroup/cgroup.controllers", "cpu memory pids")
                .write("proc/self/cgroup", "0::/system.slice/berth.service\n")
                .write("sys/fs/cgroup/system.slice/berth.service/memory.max", String.valueOf(512L << 20))
                .write("sys/fs/cgroup/system.slice/berth.service/memory.current", String.valueOf(480L << 20))
                .write("sys/fs/cgroup/system.slice/berth.service/memory.stat", "anon 1\ninactive_file " + (40L << 20) + "\nactive_file 3\n")
                .write("sys/fs/cgroup/system.slice/berth.service/pids.max", "100")
                .write("sys/fs/cgroup/system.slice/berth.service/pids.current", "93");

        HostReading reading = new HostPressureReader(root).read();

        assertThat(reading.memoryAvailableBytes()).as("512Mi less (480Mi - 40Mi)").isEqualTo(72L << 20);
        assertThat(reading.memorySource()).isEqualTo("cgroup sys/fs/cgroup/system.slice/berth.service");
        assertThat(reading.pidsFree()).isEqualTo(7);
        assertThat(reading.pidsSource()).isEqualTo("cgroup sys/fs/cgroup/system.slice/berth.service");
    }

    @Test
    void cgroupV1ControllersAndTheirNoLimitValue()
    {
        new FakeHost(root).memory(8L << 30, 3L << 30)
                .write("proc/self/cgroup", "9:pids:/agent\n4:memory:/process_api/x\n1:cpu,cpuacct:/\n0::/\n")
                .write("sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes", String.valueOf(1L << 30))
                .write("sys/fs/cgroup/memory/process_api/x/memory.usage_in_bytes", String.valueOf(900L << 20))
                .write("sys/fs/cgroup/memory/process_api/x/memory.stat", "cache 5\ntotal_inactive_file " + (100L << 20) + "\n")
                .write("sys/fs/cgroup/pids/agent/pids.max", "max")
                .write("sys/fs/cgroup/pids/agent/pids.current", "12");

        HostReading reading = new HostPressureReader(root).read();

        assertThat(reading.memoryAvailableBytes()).as("1Gi less (900Mi - 100Mi)").isEqualTo(224L << 20);
        assertThat(reading.memorySource()).isEqualTo("cgroup sys/fs/cgroup/memory/process_api/x");
        assertThat(reading.pidsSource()).as("pids.max is max: the host's figure").contains("pid_max");

        new FakeHost(root).memory(8L << 30, 3L << 30)
                .write("proc/self/cgroup", "4:memory:/process_api/x\n")
                .write("sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes", "9223372036854771712");
        assertThat(new HostPressureReader(root).read().memoryAvailableBytes()).as("v1's no limit").isEqualTo(3L << 30);
    }

    @Test
    void aMissingOrGarbledHostFileIsAnErrorNamingIt()
    {
        new FakeHost(root).write("proc/loadavg", "garbage");

        assertThatThrownBy(() -> new HostPressureReader(root).read()).isInstanceOf(Internal.class).hasMessageContaining("proc/loadavg");
    }

    @Test
    void thisHostReadsWithoutError()
    {
        HostReading reading = new HostPressureReader(Path.of("/")).read();

        assertThat(reading.memoryAvailableBytes()).isPositive();
        assertThat(reading.pidsFree()).isPositive();
    }
}
