package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.FaultInjectingProxy;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Connection drops mid-blob (resume, retries exhausted) and concurrent pulls sharing downloads, through a proxy. */
class FaultAndSharingTest
{
    private static TestRegistry registry;

    @TempDir
    Path root;

    @BeforeAll
    static void startRegistry()
    {
        registry = TestRegistry.start();
    }

    @AfterAll
    static void stopRegistry()
    {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void resumesABlobAfterTheConnectionDropsMidway()
    {
        BuiltImage built = TestImages.image().layer(TestImages.layer().random("data", 2_000_000, 11)).build();
        registry.push(built, "fault/resume:1");
        String layer = built.layerDigests().get(0);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry);
                DefaultImageService images = Stores.open(root)) {
            proxy.dropBlob(layer, 700_000, 1);
            PulledImage pulled = images.pull(proxy.host() + "/fault/resume:1", PlatformSpec.ANY, PullListener.NONE);

            assertThat(pulled.digest()).isEqualTo(built.digest());
            List<FaultInjectingProxy.Request> gets = proxy.blobGets(layer);
            assertThat(gets).hasSize(2);
            assertThat(gets.get(0).range()).isEmpty();
            assertThat(gets.get(1).range()).matches("bytes=[1-9][0-9]*-");
            long resumedAt = Long.parseLong(gets.get(1).range().replaceAll("\\D", ""));
            assertThat(resumedAt).isGreaterThan(0).isLessThanOrEqualTo(700_000);
            assertThat(images.layerDirectories(pulled).get(0).resolve("data")).hasSize(2_000_000);
        }
    }

    @Test
    void abandonsAStalledDownloadAndResumesIt()
    {
        BuiltImage built = TestImages.image().layer(TestImages.layer().random("data", 1_500_000, 13)).build();
        registry.push(built, "fault/stall:1");
        String layer = built.layerDigests().get(0);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry);
                DefaultImageService images = Stores.open(root, Map.of("image.stall-timeout", "300ms"))) {
            proxy.stallBlob(layer, 500_000, 1, java.time.Duration.ofSeconds(20));
            long started = System.nanoTime();
            PulledImage pulled = images.pull(proxy.host() + "/fault/stall:1", PlatformSpec.ANY, PullListener.NONE);

            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
            assertThat(pulled.digest()).isEqualTo(built.digest());
            List<FaultInjectingProxy.Request> gets = proxy.blobGets(layer);
            assertThat(gets).hasSize(2);
            assertThat(gets.get(1).range()).isEqualTo("bytes=500000-");
        }
    }

    @Test
    void aStallPastTheRetriesNamesTheLayerTheBytesReceivedAndTheRegistry()
    {
        BuiltImage built = TestImages.image().layer(TestImages.layer().random("data", 1_500_000, 14)).build();
        registry.push(built, "fault/stalled:1");
        String layer = built.layerDigests().get(0);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry);
                DefaultImageService images = Stores.open(root, Map.of("image.stall-timeout", "300ms", "image.retries", "0"))) {
            proxy.stallBlob(layer, 500_000, Integer.MAX_VALUE, java.time.Duration.ofSeconds(20));
            String reference = proxy.host() + "/fault/stalled:1";
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                            .contains("image.stall-timeout")
                            .contains("layer " + layer)
                            .containsPattern("received 500000 of [1-9][0-9]* bytes")
                            .contains("from registry " + proxy.host()));
        }
    }

    @Test
    void failsWithNothingCommittedWhenRetriesRunOut()
            throws Exception
    {
        BuiltImage built = TestImages.image().layer(TestImages.layer().random("data", 1_000_000, 12)).build();
        registry.push(built, "fault/exhausted:1");
        String layer = built.layerDigests().get(0);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry);
                DefaultImageService images = Stores.open(root, Map.of("image.retries", "2"))) {
            proxy.dropBlob(layer, 100_000, Integer.MAX_VALUE);
            String reference = proxy.host() + "/fault/exhausted:1";
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                            .contains(layer).contains("failed after 3 attempts").contains("nothing was committed"));
            assertThat(proxy.blobGets(layer)).hasSize(3);
            assertThat(root.resolve("blobs/sha256").resolve(layer.substring(7))).doesNotExist();
            assertThat(images.list()).isEmpty();
            assertThat(root.resolve("layers")).isEmptyDirectory();
        }
    }

    @Test
    void twoConcurrentPullsShareOneDownloadPerBlob()
            throws Exception
    {
        BuiltImage built = TestImages.image()
                .layer(TestImages.layer().random("one", 3_000_000, 1))
                .layer(TestImages.layer().random("two", 3_000_000, 2))
                .build();
        registry.push(built, "shared/image:1");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry);
                DefaultImageService images = Stores.open(root)) {
            String reference = proxy.host() + "/shared/image:1";
            proxy.delayBlobs(java.time.Duration.ofMillis(1500));
            CountDownLatch start = new CountDownLatch(1);
            List<String> started = new CopyOnWriteArrayList<>();
            PullListener recording = new PullListener()
            {
                @Override
                public void started(String digest, long size)
                {
                    started.add(digest);
                }
            };
            CompletableFuture<PulledImage> first = CompletableFuture.supplyAsync(() -> await(start, () -> images.pull(reference, PlatformSpec.ANY, recording)), threads);
            CompletableFuture<PulledImage> second = CompletableFuture.supplyAsync(() -> await(start, () -> images.pull(reference, PlatformSpec.ANY, recording)), threads);
            start.countDown();

            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(second.get(60, TimeUnit.SECONDS));
            for (String layer : built.layerDigests()) {
                assertThat(proxy.blobGets(layer)).as("GETs of %s", layer).hasSize(1);
                assertThat(started).as("both pulls heard of %s", layer).filteredOn(layer::equals).hasSize(2);
                assertThat(Files.size(root.resolve("blobs/sha256").resolve(layer.substring(7)))).isPositive();
            }
            assertThat(images.layerDirectories(first.get())).hasSize(2);
        }
        finally {
            threads.shutdownNow();
        }
    }

    private static <T> T await(CountDownLatch start, java.util.function.Supplier<T> action)
    {
        try {
            start.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return action.get();
    }
}
