package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import dev.berth.image.unpack.Compression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class RegistryPullTest
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
    void pullsAnOciImageAndUnpacksItsLayers()
            throws Exception
    {
        BuiltImage built = TestImages.busybox().cmd("sleep", "60").env("GREETING=hi").workingDir("/tmp").build();
        String reference = registry.push(built, "oci/busybox:1");
        try (DefaultImageService images = Stores.open(root)) {
            PulledImage pulled = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);

            assertThat(pulled.reference()).isEqualTo(registry.host() + "/oci/busybox:1");
            assertThat(pulled.digest()).isEqualTo(built.digest());
            assertThat(pulled.platform().os()).isEqualTo("linux");
            assertThat(pulled.platform().arch()).isEqualTo(TestImages.hostArchitecture());
            assertThat(pulled.config().cmd()).containsExactly("sleep", "60");
            assertThat(pulled.config().env()).contains("GREETING=hi");
            assertThat(pulled.config().workingDir()).isEqualTo("/tmp");
            for (String digest : built.blobs().keySet()) {
                assertThat(root.resolve("blobs/sha256").resolve(digest.substring(7))).exists();
            }

            List<Path> layers = images.layerDirectories(pulled);
            assertThat(layers).hasSize(1);
            Path layer = layers.get(0);
            assertThat(layer.resolve("bin/busybox")).isRegularFile().isExecutable();
            assertThat(Files.mismatch(layer.resolve("bin/busybox"), TestImages.HOST_BUSYBOX)).isEqualTo(-1);
            assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
            assertThat(Files.getAttribute(layer.resolve("tmp"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(041777);
            assertThat(Files.getLastModifiedTime(layer.resolve("etc")).toMillis()).isEqualTo(1_700_000_000_000L);
            assertThat(images.find(reference)).contains(pulled);
            assertThat(images.list()).extracting(StoredImage::reference).containsExactly(pulled.reference());
        }
    }

    @Test
    void pullsDockerSchema2WithZstdAndUncompressedLayers()
    {
        BuiltImage built = TestImages.image().dockerMediaTypes()
                .layer(TestImages.layer().file("a.txt", "gzip").compression(Compression.GZIP))
                .layer(TestImages.layer().file("b.txt", "plain").compression(Compression.NONE))
                .layer(TestImages.layer().file("c.txt", "zstd").compression(Compression.ZSTD))
                .build();
        String reference = registry.push(built, "v2s2/three:latest");
        try (DefaultImageService images = Stores.open(root)) {
            PulledImage pulled = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);
            List<Path> layers = images.layerDirectories(pulled);
            assertThat(layers).hasSize(3);
            assertThat(layers.get(0).resolve("a.txt")).hasContent("gzip");
            assertThat(layers.get(1).resolve("b.txt")).hasContent("plain");
            assertThat(layers.get(2).resolve("c.txt")).hasContent("zstd");
        }
    }

    @Test
    void choosesTheManifestForThePlatformFromAnIndex()
    {
        String host = TestImages.hostArchitecture();
        String other = host.equals("amd64") ? "arm64" : "amd64";
        BuiltImage index = TestImages.index()
                .add(TestImages.image().label("which", "host").layer(TestImages.layer().file("which", "host")))
                .add(TestImages.image().platform("linux", other).variant(other.equals("arm64") ? "v8" : null).label("which", "other")
                        .layer(TestImages.layer().file("which", "other")))
                .add(TestImages.image().platform("windows", "amd64").osVersion("10.0.17763.5458").label("which", "ltsc2019")
                        .layer(TestImages.layer().file("Files/which", "ltsc2019")))
                .add(TestImages.image().platform("windows", "amd64").osVersion("10.0.20348.2340").label("which", "ltsc2022")
                        .layer(TestImages.layer().file("Files/which", "ltsc2022")))
                .build();
        String reference = registry.push(index, "multi/arch:1");
        try (DefaultImageService images = Stores.open(root)) {
            PulledImage native_ = images.pull(reference, PlatformSpec.ANY, PullListener.NONE);
            assertThat(native_.config().labels()).containsEntry("which", "host");
            assertThat(native_.platform().arch()).isEqualTo(host);
            assertThat(images.layerDirectories(native_).get(0).resolve("which")).hasContent("host");

            PulledImage foreign = images.pull(reference, new PlatformSpec(Optional.empty(), Optional.of(other), Optional.empty()), PullListener.NONE);
            assertThat(foreign.config().labels()).containsEntry("which", "other");
            assertThat(foreign.platform().arch()).isEqualTo(other);

            PulledImage windows = images.pull(reference, new PlatformSpec(Optional.of(dev.berth.core.spec.OsFamily.WINDOWS), Optional.of("amd64"),
                    Optional.of("10.0.20348")), PullListener.NONE);
            assertThat(windows.config().labels()).containsEntry("which", "ltsc2022");
            assertThat(windows.platform().osVersion()).contains("10.0.20348.2340");
            assertThat(images.layerBlobs(windows)).hasSize(1).allMatch(Files::isRegularFile);

            assertThatThrownBy(() -> images.pull(reference, new PlatformSpec(Optional.empty(), Optional.of("s390x"), Optional.empty()), PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                            .contains("no manifest for linux/s390x").contains("windows/amd64 (10.0.17763.5458)")
                            .contains("linux/" + host));
        }
    }

    @Test
    void refusesACorruptedBlobAndCommitsNothing()
            throws Exception
    {
        BuiltImage built = TestImages.image().layer(TestImages.layer().random("data", 300_000, 7)).build();
        String reference = registry.push(built, "corrupt/image:1");
        String layer = built.layerDigests().get(0);
        registry.corruptBlob(layer);
        try (DefaultImageService images = Stores.open(root)) {
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                            .contains(layer).contains("nothing was committed"));
            assertThat(root.resolve("blobs/sha256").resolve(layer.substring(7))).doesNotExist();
            try (var partials = Files.list(root.resolve("ingest"))) {
                assertThat(partials).isEmpty();
            }
            assertThat(images.list()).isEmpty();
            assertThat(images.find(reference)).isEmpty();
        }
    }

    @Test
    void reportsAnUnknownImageWithTheRegistryAnswer()
    {
        try (DefaultImageService images = Stores.open(root)) {
            assertThatThrownBy(() -> images.pull(registry.host() + "/no/such:image", PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason())
                            .contains("answered 404").contains("MANIFEST_UNKNOWN"));
        }
    }

    @Test
    void refusesAManifestOverTheLimit()
    {
        String reference = registry.push(TestImages.image().layer(TestImages.layer().file("f", "x")).manifestPadding(8192).build(), "big/manifest:1");
        try (DefaultImageService images = Stores.open(root, Map.of("image.max-manifest-size", "4Ki"))) {
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains("image.max-manifest-size"));
            assertThat(images.list()).isEmpty();
        }
    }

    @Test
    void refusesAConfigOverTheLimit()
    {
        String reference = registry.push(TestImages.image().layer(TestImages.layer().file("f", "x")).label("padding", "y".repeat(8192)).build(), "big/config:1");
        try (DefaultImageService images = Stores.open(root, Map.of("image.max-config-size", "4Ki"))) {
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains("image.max-config-size"));
            assertThat(images.list()).isEmpty();
        }
    }

    @Test
    void removesNamesAndCollectsOnlyUnreferencedContent()
            throws Exception
    {
        dev.berth.image.testing.TestLayer base = TestImages.layer().file("base", "shared");
        BuiltImage first = TestImages.image().layer(base).layer(TestImages.layer().file("one", "1")).build();
        BuiltImage second = TestImages.image().layer(base).layer(TestImages.layer().file("two", "2")).build();
        String firstReference = registry.push(first, "gc/first:1");
        String secondReference = registry.push(second, "gc/second:1");
        try (DefaultImageService images = Stores.open(root)) {
            PulledImage one = images.pull(firstReference, PlatformSpec.ANY, PullListener.NONE);
            PulledImage two = images.pull(secondReference, PlatformSpec.ANY, PullListener.NONE);
            List<Path> firstLayers = images.layerDirectories(one);
            List<Path> secondLayers = images.layerDirectories(two);
            assertThat(firstLayers.get(0)).isEqualTo(secondLayers.get(0));

            images.remove(firstReference);
            assertThat(images.find(firstReference)).isEmpty();
            assertThat(images.list()).extracting(StoredImage::reference).containsExactly(two.reference());
            GcReport report = images.gc();

            assertThat(report.blobsRemoved()).isEqualTo(3);
            assertThat(report.layersRemoved()).isEqualTo(1);
            assertThat(report.bytesFreed()).isPositive();
            assertThat(firstLayers.get(1)).doesNotExist();
            assertThat(secondLayers).allMatch(Files::isDirectory);
            assertThat(root.resolve("blobs/sha256").resolve(first.layerDigests().get(0).substring(7))).exists();
            assertThat(root.resolve("blobs/sha256").resolve(first.layerDigests().get(1).substring(7))).doesNotExist();
            assertThat(images.layerDirectories(two)).isEqualTo(secondLayers);
            assertThat(images.gc().blobsRemoved()).isZero();
            assertThatThrownBy(() -> images.remove(firstReference)).isInstanceOf(dev.berth.core.error.NotFound.class);
        }
    }

    @Test
    void refusesAHostileLayerAtPullNamingTheEntry()
    {
        String reference = registry.push(TestImages.image().layer(TestImages.layer().file("../escaped", "x")).build(), "hostile/dotdot:1");
        try (DefaultImageService images = Stores.open(root)) {
            assertThatThrownBy(() -> images.pull(reference, PlatformSpec.ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains("entry '../escaped'"));
            assertThat(images.list()).isEmpty();
            assertThat(root.getParent().resolve("escaped")).doesNotExist();
            assertThat(root.resolve("layers/escaped")).doesNotExist();
        }
    }
}
