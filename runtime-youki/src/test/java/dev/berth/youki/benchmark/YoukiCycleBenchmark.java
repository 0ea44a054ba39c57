package dev.berth.youki.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The full create, start, wait and delete cycle of a {@code true} container through the backend (runc flavor),
 * beside raw {@code runc run} of the same bundle, in one invocation: prints the median of each and the ratio.
 * Run with {@code benchmarks/youki-cycle.sh [runs]} (root, runc and conmon needed).
 */
public final class YoukiCycleBenchmark
{
    private YoukiCycleBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        PrintStream out = System.out;
        try (YoukiHarness harness = YoukiHarness.create(TestFlavor.RUNC)) {
            RuntimeBackend backend = harness.backend();
            PulledImage image = harness.busybox();
            // warm-up: class loading, JIT, first overlay mount
            cycle(backend, image, "bench-warmup");

            // the raw bundle: the backend's own config for a created container, pointed at its own cgroup
            String template = "bench-template";
            backend.create(new ContainerRequest(template, Specs.of("bench", "true"), image, Map.of()));
            Path templateBundle = harness.stateDir().resolve("containers").resolve(template).resolve("bundle");
            Path rawBundle = Files.createDirectories(harness.stateDir().resolve("raw-bundle"));
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode config = (ObjectNode) mapper.readTree(templateBundle.resolve("config.json").toFile());
            ((ObjectNode) config.get("linux")).put("cgroupsPath", "/berth-bench/raw");
            mapper.writeValue(rawBundle.resolve("config.json").toFile(), config);
            String rawRoot = harness.root() + "-raw";
            runRaw(rawRoot, rawBundle, "bench-raw-warmup");

            long[] backendNanos = new long[runs];
            long[] rawNanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                cycle(backend, image, "bench-" + i);
                backendNanos[i] = System.nanoTime() - start;
                start = System.nanoTime();
                runRaw(rawRoot, rawBundle, "bench-raw-" + i);
                rawNanos[i] = System.nanoTime() - start;
            }
            backend.remove(template, true);
            Files.deleteIfExists(Path.of(rawRoot));
            double backendMedian = median(backendNanos) / 1e6;
            double rawMedian = median(rawNanos) / 1e6;
            out.printf("runs: %d (true container, runc %s, conmon)%n", runs, runcVersion());
            out.printf("backend create+start+wait+delete median: %.1f ms%n", backendMedian);
            out.printf("raw runc run (same bundle) median:       %.1f ms%n", rawMedian);
            out.printf("ratio backend/raw: %.2f%n", backendMedian / rawMedian);
        }
    }

    private static void cycle(RuntimeBackend backend, PulledImage image, String id)
    {
        backend.create(new ContainerRequest(id, Specs.of("bench", "true"), image, Map.of()));
        backend.start(id);
        int code = backend.wait(id, Duration.ofSeconds(30)).code();
        if (code != 0) {
            throw new IllegalStateException(id + " exited " + code);
        }
        backend.remove(id, false);
    }

    private static void runRaw(String root, Path bundle, String id)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder("/usr/sbin/runc", "--root", root, "run", "--bundle", bundle.toString(), id)
                .redirectInput(new File("/dev/null")).redirectOutput(new File("/dev/null")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("runc run exited " + process.exitValue());
        }
    }

    private static String runcVersion()
            throws IOException
    {
        Process process = new ProcessBuilder("/usr/sbin/runc", "--version").start();
        return new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?").replace("runc version ", "");
    }

    private static double median(long[] values)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

}
