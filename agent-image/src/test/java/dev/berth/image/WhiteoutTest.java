package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Whiteouts and opaque directories, checked in the unpacked form and through a real read-only overlay mount. */
class WhiteoutTest
{
    @TempDir
    Path work;

    @Test
    void appliesWhiteoutsAndOpaqueDirectoriesAsOverlayfsDoes()
            throws Exception
    {
        Requirements.requireRoot();
        Path layout = work.resolve("layout");
        TestImages.image()
                .layer(TestImages.layer().directory("a").file("a/keep", "kept").file("a/gone", "deleted")
                        .directory("b").file("b/old1", "1").file("b/old2", "2").file("top", "deleted too")
                        .file("owned", "x").owner(1234, 5678).xattr("user.origin", "berth"))
                .layer(TestImages.layer().whiteout("a/gone").opaque("b").file("b/new", "new").whiteout("top")
                        .directory("c", 0700).hardlink("c/link", "b/new"))
                .writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            PulledImage image = images.load(layout, Optional.of("whiteouts:1")).get(0);
            List<Path> layers = images.layerDirectories(image);
            Path upper = layers.get(1);

            assertThat(Files.getAttribute(upper.resolve("a/gone"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(020000);
            assertThat(Files.getAttribute(upper.resolve("a/gone"), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
            assertThat(upper.resolve(".wh.top")).doesNotExist();
            assertThat(upper.resolve("b/.wh..wh..opq")).doesNotExist();
            assertThat(Files.getAttribute(upper.resolve("c/link"), "unix:nlink")).isEqualTo(2);
            assertThat(Files.getAttribute(upper.resolve("c"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(040700);
            assertThat(Files.getAttribute(layers.get(0).resolve("owned"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(layers.get(0).resolve("owned"), "unix:gid")).isEqualTo(5678);
            assertThat(new String((byte[]) Files.getAttribute(layers.get(0).resolve("owned"), "user:origin"), StandardCharsets.UTF_8)).isEqualTo("berth");

            Path mount = Files.createDirectory(work.resolve("mnt"));
            List<Path> lowerFirst = new java.util.ArrayList<>(layers);
            Collections.reverse(lowerFirst);
            String lowerdir = lowerFirst.stream().map(Path::toString).collect(Collectors.joining(":"));
            run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lowerdir, mount.toString());
            try {
                assertThat(names(mount)).containsExactlyInAnyOrder("a", "b", "c", "owned");
                assertThat(names(mount.resolve("a"))).containsExactly("keep");
                assertThat(names(mount.resolve("b"))).containsExactly("new");
                assertThat(mount.resolve("c/link")).hasContent("new");
            }
            finally {
                run("umount", mount.toString());
            }
        }
    }

    @Test
    void createsDeviceNodesOnlyWhenPermitted()
            throws Exception
    {
        Requirements.requireRoot();
        Path layout = work.resolve("devices");
        TestImages.image().layer(TestImages.layer().directory("dev").characterDevice("dev/null", 1, 3).file("dev/keep", "k")).writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(work.resolve("default"))) {
            Path layer = images.layerDirectories(images.load(layout, Optional.of("devices:1")).get(0)).get(0);
            assertThat(layer.resolve("dev/keep")).exists();
            assertThat(layer.resolve("dev/null")).doesNotExist();
        }
        try (DefaultImageService images = Stores.open(work.resolve("allowed"), java.util.Map.of("image.allow-device-nodes", "true"))) {
            Path layer = images.layerDirectories(images.load(layout, Optional.of("devices:1")).get(0)).get(0);
            assertThat(Files.getAttribute(layer.resolve("dev/null"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(020666);
            assertThat(Files.getAttribute(layer.resolve("dev/null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0x103L);
        }
    }

    @Test
    void createsFifosWithoutOpeningThem()
            throws Exception
    {
        Requirements.requireRoot();
        Path layout = work.resolve("fifo");
        TestImages.image().layer(TestImages.layer().fifo("pipe").file("after", "ok")).writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            // the JDK's chmod opens the file, which blocks on a FIFO forever (found by LayerUnpackerFuzzTest)
            Path layer = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> images.layerDirectories(images.load(layout, Optional.of("fifo:1")).get(0)).get(0));
            assertThat(Files.getAttribute(layer.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(010640);
            assertThat(Files.getLastModifiedTime(layer.resolve("pipe"), LinkOption.NOFOLLOW_LINKS).toMillis()).isEqualTo(1_700_000_000_000L);
            assertThat(layer.resolve("after")).hasContent("ok");
        }
    }

    @Test
    void aFifoInPlaceOfAnEarlierDirectoryIsNeverOpenedForItsTimes()
            throws Exception
    {
        Requirements.requireRoot();
        Path layout = work.resolve("fifo-over-dir");
        // d/ defers its times to the end of the layer; by then d is a FIFO, and opening it would block for good
        TestImages.image().layer(TestImages.layer().directory("d").fifo("d").file("after", "ok")).writeLayout(layout, "latest");
        try (DefaultImageService images = Stores.open(work.resolve("store"))) {
            Path layer = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> images.layerDirectories(images.load(layout, Optional.of("fifo:2")).get(0)).get(0));
            assertThat(Files.getAttribute(layer.resolve("d"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(010640);
            assertThat(layer.resolve("after")).hasContent("ok");
        }
    }

    private static List<String> names(Path directory)
            throws IOException
    {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    private static void run(String... command)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Requirements.require(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "a working `" + String.join(" ", command) + "`: " + output);
    }
}
