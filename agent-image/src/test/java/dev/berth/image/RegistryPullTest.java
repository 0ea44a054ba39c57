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
}
