package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.ContainerView;
import dev.berth.state.StartPhases;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.node.api.ServiceDocuments;
import dev.berth.node.api.ViewJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * agent-node's API encode/decode: a {@code berth run} request body to a service document (JSON parse, the spec
 * reader, validation), a container view and a 50-container {@code ps} list to JSON text, and an AgentError to its
 * wire form and back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ApiCodecBenchmark
{
    static final String RUN_REQUEST = "{\"name\":\"hello\",\"image\":\"bench/busybox:latest\",\"command\":[\"true\"],\"rm\":true,"
            + "\"env\":{\"MODE\":\"bench\"},\"memory\":\"64Mi\"}";

    private ContainerView view;
    private List<ContainerView> fifty;
    private AgentError error;
    private String errorJson;

    @Setup
    public void setUp()
            throws IOException
    {
        Instant now = Instant.parse("2026-11-22T03:00:00Z");
        view = new ContainerView("0123456789abcdef", "hello", 0, "youki", "bench/busybox:latest", Optional.empty(), ContainerState.RUNNING, HealthState.NONE,
                OptionalLong.of(4242), OptionalInt.empty(), false, Optional.empty(), 0, now, Optional.of(now), Optional.empty(),
                Map.of("PATH", "/bin", "MODE", "bench"), "/var/lib/berth/containers/0123456789abcdef/ctr.log", Optional.empty(),
                StartPhases.NONE, Optional.empty());
        fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(new ContainerView(String.format("%016x", i), "bench-" + i, 0, "youki", "bench/busybox:latest", Optional.empty(), ContainerState.RUNNING,
                    HealthState.NONE, OptionalLong.of(1000 + i), OptionalInt.empty(), false, Optional.empty(), 0, now, Optional.of(now),
                    Optional.empty(), Map.of("PATH", "/bin"), "/var/lib/berth/containers/" + i + "/ctr.log", Optional.empty(),
                    StartPhases.NONE, Optional.empty()));
        }
        error = new CreateFailed("0123456789abcdef", "runc create failed: container_linux.go:380: starting container process caused: "
                + "exec: \"nope\": executable file not found in $PATH", null, 2);
        errorJson = ErrorWire.encode(error, ViewJson.JSON).toString();
    }

    @Benchmark
    public ServiceDocument decodeRunRequest()
            throws IOException
    {
        return ServiceDocuments.fromRun(ViewJson.JSON.readTree(RUN_REQUEST));
    }

    @Benchmark
    public String encodeContainer()
    {
        return ViewJson.container(view).toString();
    }

    @Benchmark
    public String encodeFiftyContainers()
    {
        return ViewJson.containers(fifty).toString();
    }

    @Benchmark
    public String encodeError()
    {
        return ErrorWire.encode(error, ViewJson.JSON).toString();
    }

    @Benchmark
    public AgentError decodeError()
            throws IOException
    {
        JsonNode node = ViewJson.JSON.readTree(errorJson);
        return ErrorWire.decode(node);
    }
}
