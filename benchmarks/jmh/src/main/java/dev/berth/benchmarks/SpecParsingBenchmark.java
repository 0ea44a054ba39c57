package dev.berth.benchmarks;

import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** {@link SpecParser}: YAML text to a validated {@link ServiceSpec}, a minimal run spec and a spec using every field. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpecParsingBenchmark
{
    static final String MINIMAL = """
            name: hello
            image: bench/busybox:latest
            args: ["true"]
            """;

    static final String FULL = """
            name: web
            image: registry.local:5000/web:1.2
            command: ["/bin/server"]
            args: --port 8080 --name "my server"
            env:
              MODE: prod
              TOKEN: {value: s3cret, secret: true}
            workingDir: /srv
            user: "1000:1000"
            ports: ["18080:8080", {container: 9090, host: 19090, protocol: udp, hostIp: 0.0.0.0}]
            mounts: ["/data/web:/var/www:ro", {type: tmpfs, target: /tmp, size: 64Mi}]
            resources:
              cpu: 500m
              memory: 512Mi
              pids: 100
            platform: {os: linux, arch: amd64}
            labels: {tier: front}
            health: {type: http, port: 8080, path: /healthz, interval: 5s, timeout: 1s, retries: 4, startGrace: 10s}
            init:
              - {type: sleep, duration: 1s}
            initPolicy: backoff
            """;

    @Benchmark
    public ServiceSpec minimal()
    {
        return SpecParser.parseService(MINIMAL);
    }

    @Benchmark
    public ServiceSpec full()
    {
        return SpecParser.parseService(FULL);
    }
}
