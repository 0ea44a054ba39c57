package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.PullFailed;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Hostile layers, imported from a layout: each is PullFailed naming the entry, nothing lands outside the store,
 * nothing is left half-unpacked, and the image is not recorded.
 */
class HostileLayerTest
{
    @TempDir
    Path work;

    private Path root;
    private Path outside;

    @BeforeEach
    void setUp()
            throws IOException
    {
        Requirements.requireRoot();
        root = work.resolve("store");
        outside = work.resolve("outside");
        Files.createDirectories(outside);
    }

    @Test
    void refusesDotDot()
            throws IOException
    {
        assertRefused(TestImages.layer().directory("etc").file("etc/../../../../outside/dotdot", "pwned"), Map.of(),
                "entry 'etc/../../../../outside/dotdot'", "'..'");
    }

    @Test
    void refusesAbsolutePaths()
            throws IOException
    {
        assertRefused(TestImages.layer().file(outside.resolve("absolute").toString(), "pwned"), Map.of(),
                "entry '" + outside.resolve("absolute") + "'", "absolute path");
    }

    @Test
    void refusesWritingThroughASymlinkPointingOutside()
            throws IOException
    {
        assertRefused(TestImages.layer().symlink("escape", outside.toString()).file("escape/through-symlink", "pwned"), Map.of(),
                "entry 'escape/through-symlink'", "goes through the symlink 'escape'");
    }

    @Test
    void refusesWritingThroughARelativeSymlinkClimbingOut()
            throws IOException
    {
        // from <store>/layers/.staging-*/up, ../../../outside is this test's 'outside' directory
        assertRefused(TestImages.layer().symlink("up", "../../../outside").file("up/relative-escape", "pwned"), Map.of(),
                "entry 'up/relative-escape'", "symlink 'up'");
    }

    @Test
    void refusesAHardLinkToEtcShadow()
            throws IOException
    {
        assertRefused(TestImages.layer().hardlink("shadow", "/etc/shadow"), Map.of(), "entry 'shadow'", "absolute path");
    }

    @Test
    void refusesAHardLinkClimbingOut()
            throws IOException
    {
        assertRefused(TestImages.layer().hardlink("shadow", "../../../../../../etc/shadow"), Map.of(), "entry 'shadow'", "'..'");
    }

    @Test
    void refusesAHardLinkThroughASymlink()
            throws IOException
    {
        assertRefused(TestImages.layer().symlink("etc", "/etc").hardlink("shadow", "etc/shadow"), Map.of(), "entry 'shadow'", "symlink");
    }

    @Test
    void boundsAGzipBomb()
            throws IOException
    {
        TestLayer bomb = TestImages.layer().filled("zeros", 64L << 20, (byte) 0);
        assertRefused(bomb, Map.of("image.max-layer-size", "4Mi"), "inflates past the limit of 4194304 bytes", "image.max-layer-size");
    }

    @Test
    void boundsASparseFileWhoseHolesWouldFillTheDisk()
            throws Exception
    {
        Requirements.requireExecutable("tar");
        // 64 MiB of holes in a tar of a few KiB: the tar's own bytes stay far under the limit, the written zeros do not
        Path source = Files.createDirectories(work.resolve("sparse"));
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.resolve("holes").toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        Process tar = new ProcessBuilder("tar", "--sparse", "--format=pax", "-C", source.toString(), "-cf", "-", "holes")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] bytes = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).isZero();
        assertThat(bytes.length).isLessThan(1 << 20);

        assertRefused(TestLayer.ofTar(bytes), Map.of("image.max-layer-size", "4Mi"), "entry 'holes'", "expand past the limit of 4194304 bytes",
                "image.max-layer-size");
    }

    @Test
    void refusesALayerWhoseContentIsNotItsDiffId()
            throws IOException
    {
        Path layout = work.resolve("layout");
        TestImages.image().layer(TestImages.layer().file("a", "a"))
                .rawConfig("{\"os\":\"linux\",\"architecture\":\"" + TestImages.hostArchitecture() + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                        + "0".repeat(64) + "\"]}}")
                .writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(root)) {
            assertThatThrownBy(() -> images.load(layout, Optional.of("hostile/diffid")))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains("the image config says sha256:000"));
            assertThat(images.list()).isEmpty();
        }
    }

    private void assertRefused(TestLayer layer, Map<String, String> config, String... reasonParts)
            throws IOException
    {
        Path layout = work.resolve("layout");
        TestImages.image().layer(TestImages.layer().file("ok", "fine")).layer(layer).writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(root, config)) {
            assertThatThrownBy(() -> images.load(layout, Optional.of("hostile/image")))
                    .isInstanceOfSatisfying(PullFailed.class, failure -> assertThat(failure.reason()).contains(reasonParts));
            assertThat(images.list()).isEmpty();
        }
        try (Stream<Path> leftovers = Files.list(outside)) {
            assertThat(leftovers).as("nothing written outside the store").isEmpty();
        }
        try (Stream<Path> layers = Files.list(root.resolve("layers"))) {
            assertThat(layers).as("only the harmless first layer is unpacked, no staging left").hasSize(1);
        }
    }

}
