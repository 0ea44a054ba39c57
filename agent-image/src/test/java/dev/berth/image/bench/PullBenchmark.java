package dev.berth.image.bench;

import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.DefaultImageService;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.PullListener;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.TestImage;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import dev.berth.image.unpack.Trees;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pulls a multi-layer image of at least 50 MiB from a loopback docker-registry with berth, and copies the same image
 * with {@code skopeo copy} into an OCI layout, in the same run; prints the median times and their ratio.
 * berth's time includes verifying and unpacking every layer; skopeo's only downloading and writing the blobs.
 * Run it with {@code benchmarks/image-pull.sh}.
 */
public final class PullBenchmark
{
    private static final int LAYERS = 4;
    private static final int LAYER_BYTES = 14 << 20;
    private static final int RUNS = 3;

    private PullBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        TestImage image = TestImages.busybox();
        // the same layers as a Windows image: berth downloads and verifies them but does not unpack them
        TestImage downloadOnly = TestImages.busybox().platform("windows", "amd64").osVersion("10.0.20348.1");
        for (int i = 0; i < LAYERS; i++) {
            image.layer(TestImages.layer().random("data/layer-" + i + ".bin", LAYER_BYTES, i)
                    .random("data/small-" + i + ".bin", 64 << 10, 100 + i));
            downloadOnly.layer(TestImages.layer().random("data/layer-" + i + ".bin", LAYER_BYTES, i)
                    .random("data/small-" + i + ".bin", 64 << 10, 100 + i));
        }
        BuiltImage built = image.build();
        BuiltImage builtDownloadOnly = downloadOnly.build();
        Path work = Files.createTempDirectory("berth-pull-bench-");
        try (TestRegistry registry = TestRegistry.start()) {
            String reference = registry.push(built, "bench/image:1");
            String downloadOnlyReference = registry.push(builtDownloadOnly, "bench/download-only:1");
            System.out.printf("image: %s, %d layers, %.1f MiB compressed%n", reference, LAYERS + 1, built.size() / (1024.0 * 1024));
            List<Long> berth = new ArrayList<>();
            List<Long> skopeo = new ArrayList<>();
            List<Long> download = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                Path store = work.resolve("store-" + run);
                long started = System.nanoTime();
                try (DefaultImageService images = new DefaultImageService(ImageStoreConfig.atRoot(store),
                        new HostPlatformDetector(new SystemHostProbe()).detect())) {
                    PulledImage pulled = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);
                    berth.add(System.nanoTime() - started);
                    if (images.layerDirectories(pulled).size() != LAYERS + 1) {
                        throw new IllegalStateException("unexpected layer count");
                    }
                }
                Trees.deleteRecursively(store);

                started = System.nanoTime();
                try (DefaultImageService images = new DefaultImageService(ImageStoreConfig.atRoot(store),
                        new HostPlatformDetector(new SystemHostProbe()).detect())) {
                    images.pull(downloadOnlyReference, new PlatformSpec(java.util.Optional.of(dev.berth.core.spec.OsFamily.WINDOWS),
                            java.util.Optional.of("amd64"), java.util.Optional.empty()), PullListener.NONE);
                    download.add(System.nanoTime() - started);
                }
                Trees.deleteRecursively(store);

                Path layout = work.resolve("skopeo-" + run);
                started = System.nanoTime();
                Process process = new ProcessBuilder("skopeo", "copy", "--quiet", "--src-tls-verify=false",
                        "docker://" + reference, "oci:" + layout + ":1").inheritIO().start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException("skopeo copy failed");
                }
                skopeo.add(System.nanoTime() - started);
                Trees.deleteRecursively(layout);
                System.out.printf("run %d: berth pull+unpack %.0f ms, berth download+verify only %.0f ms, skopeo copy %.0f ms%n",
                        run + 1, berth.get(run) / 1e6, download.get(run) / 1e6, skopeo.get(run) / 1e6);
            }
            double berthMedian = median(berth) / 1e6;
            double skopeoMedian = median(skopeo) / 1e6;
            double downloadMedian = median(download) / 1e6;
            System.out.printf("median: berth pull+unpack %.0f ms, skopeo copy %.0f ms, ratio berth/skopeo %.2f%n", berthMedian, skopeoMedian, berthMedian / skopeoMedian);
            System.out.printf("median: berth download+verify only %.0f ms, ratio to skopeo %.2f%n", downloadMedian, downloadMedian / skopeoMedian);
        }
        finally {
            Trees.deleteRecursively(work);
        }
    }

    private static long median(List<Long> values)
    {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
