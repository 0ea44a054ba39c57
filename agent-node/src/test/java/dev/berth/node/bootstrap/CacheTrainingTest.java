package dev.berth.node.bootstrap;

import dev.berth.core.error.CreateFailed;
import dev.berth.node.metrics.AgentMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CacheTrainingTest
{
    @TempDir
    Path dir;

    @Test
    void anAgentThatServedNothingLeavesNoMarker()
    {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordOperation("run", "youki", Duration.ofMillis(5), new CreateFailed("web.1", "refused", null));
        Path marker = dir.resolve("berth-agent.aot.trained");

        assertThat(CacheTraining.markIfServed(Optional.of(marker.toString()), metrics)).isFalse();
        assertThat(marker).doesNotExist();
    }

    @Test
    void anAgentThatServedAnOperationMarksTheRunAsRepresentative()
            throws IOException
    {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordOperation("run", "youki", Duration.ofMillis(5), null);
        metrics.recordOperation("remove", "youki", Duration.ofMillis(5), null);
        Path marker = dir.resolve("berth-agent.aot.trained");

        assertThat(CacheTraining.markIfServed(Optional.of(marker.toString()), metrics)).isTrue();
        assertThat(Files.readString(marker)).isEqualTo("2 operations served\n");
    }

    @Test
    void withoutTheLauncherNothingIsWritten()
    {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordOperation("run", "youki", Duration.ofMillis(5), null);
        assertThat(CacheTraining.markIfServed(Optional.empty(), metrics)).isFalse();
    }
}
