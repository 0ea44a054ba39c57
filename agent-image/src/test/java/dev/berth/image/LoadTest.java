package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.PullFailed;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.ImageWriters;
import dev.berth.image.testing.TestImages;
import dev.berth.image.unpack.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

class LoadTest
{
    @TempDir
    Path work;

    @Test
    void loadsAnOciLayoutDirectory()
    {
        Requirements.requireRoot();
        Path layout = work.resolve("layout");
        BuiltImage built = TestImages.busybox().cmd("echo", "hello").writeLayout(layout, "v1");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            List<PulledImage> loaded = images.load(layout, Optional.of("example.com/team/busybox"));
            assertThat(loaded).hasSize(1);
            assertThat(loaded.get(0).reference()).isEqualTo("example.com/team/busybox:v1");
            assertThat(loaded.get(0).digest()).isEqualTo(built.digest());
            assertThat(loaded.get(0).config().cmd()).containsExactly("echo", "hello");
            assertThat(images.find("example.com/team/busybox:v1")).contains(loaded.get(0));
            assertThat(images.layerDirectories(loaded.get(0)).get(0).resolve("bin/busybox")).isRegularFile();
        }
    }

    @Test
    void gcKeepsTheLayersOfAnImageInUseAfterItsTagMovedOn()
    {
        Requirements.requireRoot();
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            TestImages.image().layer(TestImages.layer().file("version", "1")).writeLayout(work.resolve("v1"), "latest");
            PulledImage first = images.load(work.resolve("v1"), Optional.of("app:1")).get(0);
            Path firstLayer = images.layerDirectories(first).get(0);
            // the tag moves to a new image while a container still runs on the first one's layers
            TestImages.image().layer(TestImages.layer().file("version", "2")).writeLayout(work.resolve("v2"), "latest");
            PulledImage second = images.load(work.resolve("v2"), Optional.of("app:1")).get(0);
            assertThat(second.digest()).isNotEqualTo(first.digest());

            assertThat(images.gc(java.util.Set.of(first.digest())).layersRemoved()).isZero();
            assertThat(firstLayer.resolve("version")).hasContent("1");
            assertThat(images.layerDirectories(first).get(0)).isEqualTo(firstLayer);

            assertThat(images.gc().layersRemoved()).as("once no container uses it").isEqualTo(1);
            assertThat(firstLayer).doesNotExist();
        }
    }

    @Test
    void loadsAnOciArchive()
    {
        Requirements.requireRoot();
        Path archive = work.resolve("image.tar");
        BuiltImage built = TestImages.image().layer(TestImages.layer().file("hello", "from an archive").compression(Compression.ZSTD)).build();
        ImageWriters.writeOciArchive(archive, built, "registry.local:5000/archived/image:2");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            PulledImage loaded = images.load(archive, Optional.empty()).get(0);
            assertThat(loaded.reference()).isEqualTo("registry.local:5000/archived/image:2");
            assertThat(images.layerDirectories(loaded).get(0).resolve("hello")).hasContent("from an archive");
        }
    }

    @Test
    void loadsADockerArchiveUnderItsRepoTags()
    {
        Requirements.requireRoot();
        Path archive = work.resolve("saved.tar");
        BuiltImage built = TestImages.image().cmd("true")
                .layer(TestImages.layer().file("one", "1").compression(Compression.NONE))
                .layer(TestImages.layer().whiteout("one").file("two", "2").compression(Compression.NONE))
                .build();
        ImageWriters.writeDockerArchive(archive, built, "saved/app:3");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            PulledImage loaded = images.load(archive, Optional.empty()).get(0);
            assertThat(loaded.reference()).isEqualTo("docker.io/saved/app:3");
            assertThat(loaded.config().cmd()).containsExactly("true");
            List<Path> layers = images.layerDirectories(loaded);
            assertThat(layers.get(0).resolve("one")).hasContent("1");
            assertThat(layers.get(1).resolve("two")).hasContent("2");
            assertThat(images.list()).extracting(StoredImage::reference).containsExactly("docker.io/saved/app:3");
        }
    }

    @Test
    void needsANameWhenTheSourceHasNone()
    {
        Path archive = work.resolve("untagged.tar");
        ImageWriters.writeDockerArchive(archive, TestImages.image().layer(TestImages.layer().file("f", "x")).build(), null);
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            assertThatThrownBy(() -> images.load(archive, Optional.empty()))
                    .isInstanceOfSatisfying(InvalidSpec.class, error -> assertThat(error.message()).contains("has no RepoTags; give a name"));
        }
    }

    @Test
    void refusesABlobWhoseContentDoesNotMatchItsName()
            throws Exception
    {
        Path layout = work.resolve("layout");
        BuiltImage built = TestImages.image().layer(TestImages.layer().file("f", "original")).writeLayout(layout, "latest");
        Path layerFile = layout.resolve("blobs/sha256").resolve(built.layerDigests().get(0).substring(7));
        byte[] content = Files.readAllBytes(layerFile);
        content[content.length / 2] ^= 1;
        Files.write(layerFile, content);
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            assertThatThrownBy(() -> images.load(layout, Optional.of("tampered")))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains("expected " + built.layerDigests().get(0)));
            assertThat(work.resolve("store/blobs/sha256").resolve(built.layerDigests().get(0).substring(7))).doesNotExist();
            assertThat(images.list()).isEmpty();
        }
    }
}
