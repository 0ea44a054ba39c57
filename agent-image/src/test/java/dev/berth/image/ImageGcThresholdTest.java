package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.runtime.PulledImage;
import dev.berth.image.gc.CollectingImageService;
import dev.berth.image.gc.GcRun;
import dev.berth.image.gc.ImageGarbageCollector;
import dev.berth.image.gc.ImageGcConfig;
import dev.berth.image.gc.UsageProbe;
import dev.berth.image.testing.TestImage;
import dev.berth.image.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * Image collection by the store's file system usage, on a small tmpfs: least recently used first down to the low
 * threshold, never an image in use or pinned; and a load that fails for want of space collects and succeeds on its retry.
 */
class ImageGcThresholdTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path work;

    @Test
    void aboveHighCollectsUnusedImagesLeastRecentlyUsedFirstDownToLowKeepingPinnedAndUsedOnes()
            throws Exception
    {
        try (SmallDisk disk = SmallDisk.mount(work.resolve("disk"), 16);
                DefaultImageService store = Stores.open(disk.path().resolve("images"))) {
            PulledImage a = load(store, noise(1), "test/a:1");
            PulledImage b = load(store, noise(2), "test/b:1");
            PulledImage c = load(store, noise(3).label(ImageGcConfig.PINNED_LABEL, "true"), "test/c:1");
            PulledImage d = load(store, noise(4), "test/d:1");
            PulledImage e = load(store, noise(5), "test/e:1");
            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofDays(1)));
            ConfigMap config = ConfigMap.empty().with("image.gc.high", "45").with("image.gc.low", "30").with("image.gc.min-age", "0s")
                    .with("image.gc.pinned", "test/b:1");
            ImageGarbageCollector collector = new ImageGarbageCollector(store, ImageGcConfig.from(config), () -> Set.of(d.digest()),
                    UsageProbe.of(disk.path()), clock);
            // used in the order a, e, b, c, d; then e again after a: a is the least recently used, e next
            for (PulledImage image : new PulledImage[] {a, e, b, c, d}) {
                collector.used(image.digest());
                clock.advance(Duration.ofSeconds(1));
            }
            double before = collector.status().usage().usedPercent();
            assertThat(before).as("five images of 2 MiB (blob and unpacked layer) on 16 MiB").isGreaterThan(45);

            GcRun run = collector.collectIfAbove().orElseThrow();

            assertThat(run.trigger()).isEqualTo(GcRun.Trigger.THRESHOLD);
            assertThat(run.imagesRemoved()).as("least recently used first; pinned by config, by label and in use kept")
                    .containsExactly(a.reference(), e.reference());
            assertThat(store.list()).extracting(StoredImage::reference).containsExactlyInAnyOrder(b.reference(), c.reference(), d.reference());
            assertThat(run.bytesFreed()).isGreaterThanOrEqualTo(4L * MIB);
            assertThat(run.before().usedPercent()).isGreaterThan(run.after().usedPercent());
            assertThat(collector.status().last()).contains(run);
            assertThat(collector.status().imagesRemoved()).isEqualTo(2);
            assertThat(collector.collectIfAbove()).as("below high now").isEmpty();
        }
    }

    @Test
    void imagesYoungerThanTheMinimumAgeStay()
            throws Exception
    {
        try (SmallDisk disk = SmallDisk.mount(work.resolve("disk"), 16);
                DefaultImageService store = Stores.open(disk.path().resolve("images"))) {
            load(store, noise(1), "test/a:1");
            load(store, noise(2), "test/b:1");
            load(store, noise(3), "test/c:1");
            load(store, noise(4), "test/d:1");
            ConfigMap config = ConfigMap.empty().with("image.gc.high", "40").with("image.gc.low", "10");
            ImageGarbageCollector collector = new ImageGarbageCollector(store, ImageGcConfig.from(config), Set::of,
                    UsageProbe.of(disk.path()), Clock.systemUTC());

            GcRun run = collector.collectIfAbove().orElseThrow();

            assertThat(run.imagesRemoved()).as("stored just now, within image.gc.min-age (2m)").isEmpty();
            assertThat(store.list()).hasSize(4);
        }
    }

    @Test
    void aLoadThatRunsOutOfSpaceCollectsUnusedImagesAndSucceedsOnItsRetry()
            throws Exception
    {
        try (SmallDisk disk = SmallDisk.mount(work.resolve("disk"), 16);
                DefaultImageService store = Stores.open(disk.path().resolve("images"))) {
            ConfigMap config = ConfigMap.empty().with("image.gc.high", "100").with("image.gc.low", "10").with("image.gc.min-age", "0s")
                    .with("image.gc.interval", "1h");
            ImageGarbageCollector collector = new ImageGarbageCollector(store, ImageGcConfig.from(config), Set::of,
                    UsageProbe.of(disk.path()), Clock.systemUTC());
            try (CollectingImageService images = new CollectingImageService(store, collector)) {
                PulledImage old1 = load(images, noise(1), "test/old1:1");
                PulledImage old2 = load(images, noise(2), "test/old2:1");
                PulledImage old3 = load(images, noise(3), "test/old3:1");
                disk.fill("filler", disk.path().toFile().getUsableSpace() - 3L * MIB);
                assertThat(collector.status().last()).as("high 100 never triggers").isEmpty();

                PulledImage big = load(images, TestImages.image().layer(TestImages.layer().random("noise", 2 * MIB, 99)), "test/big:1");

                assertThat(images.find("test/big:1")).contains(big);
                GcRun run = collector.status().last().orElseThrow();
                assertThat(run.trigger()).isEqualTo(GcRun.Trigger.STORAGE_FULL);
                assertThat(run.imagesRemoved()).containsExactly(old1.reference(), old2.reference(), old3.reference());
                assertThat(run.bytesFreed()).isGreaterThanOrEqualTo(6L * MIB);
            }
        }
    }

    private static TestImage noise(long seed)
    {
        return TestImages.image().layer(TestImages.layer().random("noise", MIB, seed));
    }

    private PulledImage load(ImageService images, TestImage image, String name)
    {
        Path layout = work.resolve("layout-" + name.replaceAll("[^a-z0-9]", "-"));
        image.writeLayout(layout, "1");
        return images.load(layout, Optional.of(name)).get(0);
    }

    /** A clock the test moves. */
    private static final class MutableClock
            extends Clock
    {
        private Instant now;

        MutableClock(Instant now)
        {
            this.now = now;
        }

        void advance(Duration duration)
        {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
