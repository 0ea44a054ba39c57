package dev.berth.node.pressure;

import dev.berth.core.error.RouteToPeer;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.pressure.Pressure;
import dev.berth.core.pressure.PressureCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Memory and pid pressure over a fake host: new work refused as a placement signal, evictions in order, each an event. */
class PressureMonitorTest
{
    private static final long MI = 1L << 20;

    @TempDir
    Path root;

    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> stopped = new ArrayList<>();
    private final List<EvictionCandidate> running = new ArrayList<>(List.of(
            new EvictionCandidate("limited-near.1", "limited-near", 260 * MI, 256 * MI, 3),
            new EvictionCandidate("small-nolimit.1", "small-nolimit", 2 * MI, 0, 2),
            new EvictionCandidate("limited-far.1", "limited-far", 20 * MI, 512 * MI, 40),
            new EvictionCandidate("big-nolimit.1", "big-nolimit", 300 * MI, 0, 5)));

    private PressureMonitor monitor(String memoryAvailable, String pidsFree, boolean evict)
    {
        PressureConfig config = new PressureConfig(dev.berth.core.unit.ByteSize.parse(memoryAvailable), Long.parseLong(pidsFree),
                Duration.ofSeconds(10), evict, Duration.ZERO, root);
        return new PressureMonitor(config, new HostPressureReader(root), () -> running.stream().filter(c -> !stopped.contains(c.id())).toList(),
                stopped::add, events::add, Clock.systemUTC());
    }

    @Test
    void noPressureAdmitsAndEvictsNothing()
    {
        new FakeHost(root).memory(8L << 30, 4L << 30).pids(32768, 200);
        PressureMonitor monitor = monitor("100Mi", "1000", true);

        monitor.admit("web");
        assertThat(monitor.check()).isEmpty();
        assertThat(monitor.conditions()).extracting(PressureCondition::underPressure).containsExactly(false, false);
        assertThat(stopped).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void underMemoryPressureNewWorkIsRouteToPeerNamingTheFigureAndThreshold()
    {
        new FakeHost(root).memory(8L << 30, 80 * MI);
        PressureMonitor monitor = monitor("100Mi", "1000", true);

        assertThatThrownBy(() -> monitor.admit("web")).isInstanceOfSatisfying(RouteToPeer.class, signal -> {
            assertThat(signal.isPlacementSignal()).isTrue();
            assertThat(signal.service()).isEqualTo("web");
            assertThat(signal.reason()).contains("memory pressure: 80Mi available (/proc/meminfo), below node.pressure.memory-available=100Mi");
        });
    }

    @Test
    void memoryEvictionsGoNoLimitFirstThenByHowFarUsageExceedsTheRequestOnePerCheck()
    {
        FakeHost host = new FakeHost(root).memory(8L << 30, 80 * MI);
        PressureMonitor monitor = monitor("100Mi", "1000", true);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            monitor.check().ifPresent(eviction -> order.add(eviction.container().id()));
        }

        assertThat(order).containsExactly("big-nolimit.1", "small-nolimit.1", "limited-near.1", "limited-far.1");
        assertThat(stopped).isEqualTo(order);
        AgentEvent first = events.stream().filter(event -> event.type().equals("container.evict")).findFirst().orElseThrow();
        assertThat(first.subject()).isEqualTo("big-nolimit.1");
        assertThat(first.attributes()).containsEntry("pressure", "memory").containsEntry("observed", String.valueOf(80 * MI))
                .containsEntry("threshold", String.valueOf(100 * MI)).containsEntry("memoryLimitBytes", "none")
                .containsEntry("memoryBytes", String.valueOf(300 * MI));
        assertThat(first.attributes().get("reason")).contains("80Mi available");
        assertThat(events.get(0).type()).as("the pressure beginning, before any eviction").isEqualTo("node.pressure");
        assertThat(monitor.recentEvictions()).hasSize(4);

        host.memory(8L << 30, 4L << 30);
        assertThat(monitor.check()).isEmpty();
        assertThat(events.get(events.size() - 1).type()).isEqualTo("node.pressure.end");
        assertThat(events.get(events.size() - 1).attributes()).containsEntry("pressure", "memory");
    }

    @Test
    void pidPressureEvictsTheMostProcessesFirst()
    {
        new FakeHost(root).pids(32768, 32000);
        PressureMonitor monitor = monitor("100Mi", "1000", true);

        assertThat(monitor.check().orElseThrow().container().id()).isEqualTo("limited-far.1");
        assertThat(monitor.recentEvictions().get(0).condition().pressure()).isEqualTo(Pressure.PIDS);
        assertThat(monitor.recentEvictions().get(0).condition().observed()).isEqualTo(768);
        assertThatThrownBy(() -> monitor.admit("web")).isInstanceOfSatisfying(RouteToPeer.class,
                signal -> assertThat(signal.reason()).contains("PID pressure: 768 process ids free", "below node.pressure.pids-free=1000"));
    }

    @Test
    void withEvictionOffPressureRefusesNewWorkButStopsNothing()
    {
        new FakeHost(root).memory(8L << 30, 80 * MI);
        PressureMonitor monitor = monitor("100Mi", "1000", false);

        assertThat(monitor.check()).isEmpty();
        assertThat(stopped).isEmpty();
        assertThatThrownBy(() -> monitor.admit("web")).isInstanceOf(RouteToPeer.class);
    }

    @Test
    void figuresReadAsPeopleReadThem()
    {
        new FakeHost(root).memory(8L << 30, 21325488L * 1024).pids(32768, 495);
        List<PressureCondition> conditions = monitor("100Mi", "1000", true).conditions();

        assertThat(PressureMonitor.figure(conditions.get(0))).isEqualTo("20.3Gi available (/proc/meminfo), threshold node.pressure.memory-available=100Mi");
        assertThat(PressureMonitor.figure(conditions.get(1)))
                .isEqualTo("32273 process ids free (/proc/sys/kernel/pid_max and /proc/loadavg), threshold node.pressure.pids-free=1000");
    }

    @Test
    void aZeroThresholdTurnsThePressureOff()
    {
        new FakeHost(root).memory(8L << 30, 1 * MI).pids(32768, 32767);
        PressureMonitor monitor = monitor("0", "0", true);

        monitor.admit("web");
        assertThat(monitor.check()).isEmpty();
    }
}
