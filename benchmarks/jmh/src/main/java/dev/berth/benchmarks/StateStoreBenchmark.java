package dev.berth.benchmarks;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.runtime.ContainerState;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * agent-state's {@link StateStore} writes as the agent makes them per container operation: a container record
 * upsert (one committed, fsynced SQLite transaction in WAL mode with synchronous=FULL), an event append, and a
 * lifecycle step (a transition with its events) as one transaction against the same writes as three commits.
 * The store lives under {@code -Dberth.jmh.dir} (default: java.io.tmpdir), so it measures that disk's fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StateStoreBenchmark
{
    private Path directory;
    private StateStore store;
    private ContainerRecord pending;
    private ContainerRecord running;
    private long flip;

    @Setup
    public void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory(Path.of(System.getProperty("berth.jmh.dir", System.getProperty("java.io.tmpdir"))), "berth-jmh-state");
        store = StateStore.open(StateStore.fileIn(directory));
        pending = ContainerRecord.pending("0123456789abcdef", "hello", 0, "bench/busybox:latest", "none", "/var/log/berth/hello.log");
        running = pending.toBuilder().backend("youki").state(ContainerState.RUNNING).pid(OptionalLong.of(4242)).build();
        store.putContainer(pending);
    }

    @TearDown
    public void tearDown()
            throws IOException
    {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One state transition of one container: the write every create/start/exit makes. */
    @Benchmark
    public void putContainer()
    {
        store.putContainer((flip++ & 1) == 0 ? running : pending);
    }

    @Benchmark
    public void appendEvent()
    {
        store.appendEvent(AgentEvent.of("container.started", "hello-0", Map.of("backend", "youki", "pid", "4242")));
    }

    /** A lifecycle step as the lifecycle commits it: a transition and its two events in one transaction (one fsync). */
    @Benchmark
    public void stepOneTransaction()
    {
        ContainerRecord next = (flip++ & 1) == 0 ? running : pending;
        store.inTransaction(() -> {
            store.putContainer(next);
            store.deferEvent(AgentEvent.of("container.start", "hello-0", Map.of("pid", "4242")));
            store.deferEvent(AgentEvent.of("container.running", "hello-0", Map.of()));
        });
    }

    /** The same writes as three commits, as the lifecycle made them before it batched its steps. */
    @Benchmark
    public void stepThreeCommits()
    {
        store.putContainer((flip++ & 1) == 0 ? running : pending);
        store.appendEvent(AgentEvent.of("container.start", "hello-0", Map.of("pid", "4242")));
        store.appendEvent(AgentEvent.of("container.running", "hello-0", Map.of()));
    }
}
