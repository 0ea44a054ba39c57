package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.SpecParser;
import dev.berth.oci.bundle.BundleBuilder;
import dev.berth.oci.bundle.BundlePolicy;
import dev.berth.oci.bundle.BundleRequest;
import dev.berth.oci.bundle.NetworkNamespace;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * runtime-youki's {@link BundleBuilder}: the OCI config of a hardened {@code true} container (with the seccomp
 * profile), its JSON text, and the whole bundle write (config.json written and atomically renamed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BundleGenerationBenchmark
{
    private BundleBuilder builder;
    private BundleRequest request;
    private Path bundle;

    @Setup
    public void setUp()
            throws IOException
    {
        builder = new BundleBuilder(Set.of(), new BundlePolicy(List.of(), false));
        ImageConfig image = new ImageConfig(List.of(), List.of("sh"), List.of("PATH=/bin"), "", "", Set.of(), Map.of(), "");
        request = new BundleRequest("0123456789abcdef", SpecParser.parseService(SpecParsingBenchmark.MINIMAL), image,
                "/var/lib/berth/containers/0123456789abcdef/rootfs", NetworkNamespace.privateNamespace(),
                "/berth/0123456789abcdef", Map.of("dev.berth.replica", "0"), "amd64");
        bundle = Files.createTempDirectory("berth-jmh-bundle");
    }

    @TearDown
    public void tearDown()
            throws IOException
    {
        Files.deleteIfExists(bundle.resolve("config.json"));
        Files.deleteIfExists(bundle);
    }

    @Benchmark
    public ObjectNode config()
    {
        return builder.config(request, Optional.empty());
    }

    @Benchmark
    public String configJson()
    {
        return BundleBuilder.toJson(builder.config(request, Optional.empty()));
    }

    @Benchmark
    public void writeBundle()
    {
        BundleBuilder.write(bundle, builder.config(request, Optional.empty()));
    }

}
