package dev.berth.oci.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.ContainerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Against fake cgroup trees laid out as v1 (and hybrid) and v2 hosts lay them out. */
class CgroupReaderTest
{
    @TempDir
    Path root;

    private void write(String path, String text)
            throws IOException
    {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsV1AndHybrid()
            throws IOException
    {
        Files.createDirectories(root.resolve("unified"));
        write("cpuacct/berth/c1/cpuacct.usage", "123456789\n");
        write("memory/berth/c1/memory.usage_in_bytes", "4096\n");
        write("memory/berth/c1/memory.limit_in_bytes", "33554432\n");
        write("memory/berth/c1/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        write("pids/berth/c1/pids.current", "3\n");
        CgroupReader reader = new CgroupReader(root);
        assertThat(reader.unified()).isFalse();
        assertThat(reader.stats("/berth/c1")).isEqualTo(new ContainerStats(123456789, 4096, 33554432, 3));
        assertThat(reader.oomKills("/berth/c1")).isEqualTo(2);
    }

    @Test
    void v1UnlimitedMemoryIsZero()
            throws IOException
    {
        write("memory/berth/c1/memory.limit_in_bytes", "9223372036854771712\n");
        assertThat(new CgroupReader(root).stats("/berth/c1").memoryLimitBytes()).isZero();
    }

    @Test
    void readsV2()
            throws IOException
    {
        write("cgroup.controllers", "cpu memory pids\n");
        write("berth/c1/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write("berth/c1/memory.current", "8192\n");
        write("berth/c1/memory.max", "max\n");
        write("berth/c1/pids.current", "1\n");
        write("berth/c1/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        CgroupReader reader = new CgroupReader(root);
        assertThat(reader.unified()).isTrue();
        assertThat(reader.stats("/berth/c1")).isEqualTo(new ContainerStats(1_500_000, 8192, 0, 1));
        assertThat(reader.oomKills("/berth/c1")).isEqualTo(1);
    }

    @Test
    void missingCgroupIsZeros()
    {
        assertThat(new CgroupReader(root).stats("/berth/gone")).isEqualTo(new ContainerStats(0, 0, 0, 0));
        assertThat(new CgroupReader(root).oomKills("/berth/gone")).isZero();
    }
}
