package dev.berth.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.gc.GcRun;
import dev.berth.image.gc.ImageGcConfig;
import dev.berth.image.gc.ImageGcStatus;
import dev.berth.image.gc.StoreUsage;
import dev.berth.node.api.ConditionsJson;
import dev.berth.node.api.ViewJson;
import dev.berth.core.pressure.Pressure;
import dev.berth.core.pressure.PressureCondition;
import dev.berth.node.pressure.Eviction;
import dev.berth.node.pressure.EvictionCandidate;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code berth node}'s condition lines, from the API's JSON of the node's conditions. */
class NodeConditionsTextTest
{
    @Test
    void diskShowsUsageThresholdsPressureAndTheLastCollection()
    {
        GcRun run = new GcRun(Instant.parse("2026-12-07T23:00:00Z"), GcRun.Trigger.STORAGE_FULL, new StoreUsage(1 << 30, 1 << 20),
                new StoreUsage(1 << 30, 600 << 20), List.of("docker.io/test/a:1", "docker.io/test/b:1"), 599L << 20);
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.set("disk", ConditionsJson.disk(new ImageGcStatus(new StoreUsage(1 << 30, 100 << 20), ImageGcConfig.DEFAULT, Optional.of(run), 3, 5, 700L << 20)));

        String text = print(node);

        assertThat(text).contains("images:    PRESSURE, store's file system 90.2% used of 1.0GiB (100.0MiB available); image gc above 85% down to 80%")
                .contains("image gc:  last 2026-12-07T23:00:00Z (storage-full): 2 images removed, 599.0MiB freed; 3 since start");
        assertThat(node.path("disk").path("lastCollection").path("imagesRemoved")).hasSize(2);
    }

    @Test
    void eachPressureConditionWithItsThresholdAndTheEvictions()
    {
        PressureCondition memory = new PressureCondition(Pressure.MEMORY, true, 80L << 20, 100L << 20, "/proc/meminfo");
        ObjectNode node = ViewJson.JSON.createObjectNode();
        node.set("pressure", ConditionsJson.pressure(List.of(memory,
                new PressureCondition(Pressure.PIDS, false, 31000, 1000, "/proc/sys/kernel/pid_max and /proc/loadavg"),
                new PressureCondition(Pressure.DISK, false, 42, 85, "image store file system")),
                List.of(new Eviction(Instant.parse("2026-12-07T23:10:00Z"), new EvictionCandidate("web.1", "web", 300L << 20, 0, 4), memory))));

        String text = print(node);

        assertThat(text).contains("memory:    PRESSURE, 80Mi available (/proc/meminfo), below node.pressure.memory-available=100Mi")
                .contains("pids:      ok, 31000 process ids free (/proc/sys/kernel/pid_max and /proc/loadavg), threshold node.pressure.pids-free=1000")
                .contains("disk:      ok, 42% used (image store file system), threshold image.gc.high=85%")
                .contains("evicted:   web.1 at 2026-12-07T23:10:00Z under memory pressure: 80Mi available");
    }

    private static String print(ObjectNode node)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NodeConditionsText.print(node, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
