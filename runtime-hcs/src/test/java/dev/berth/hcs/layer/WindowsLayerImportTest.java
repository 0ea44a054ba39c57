package dev.berth.hcs.layer;

import dev.berth.core.error.PullFailed;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.PulledImage;
import dev.berth.hcs.binding.TestingVmCompute;
import dev.berth.image.DefaultImageService;
import dev.berth.image.ImageStoreConfig;
import dev.berth.image.testing.TestImage;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestLayer;
import dev.berth.image.unpack.UnsafeLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Windows layers through the real image service and {@link WindowsLayerImporter}: the service verifies and stores,
 * the importer writes the Files/Hives layout, whiteouts in a layer over parents become tombstones, and a hostile
 * entry is PullFailed naming it with nothing written anywhere (the staging folder is gone too).
 */
class WindowsLayerImportTest
{
    @TempDir
    Path root;

    private DefaultImageService images;
    private final TestingVmCompute vmCompute = new TestingVmCompute();
    private final WindowsLayerImporter importer = new WindowsLayerImporter(new LayerManager(vmCompute));

    @BeforeEach
    void setUp()
    {
        images = new DefaultImageService(ImageStoreConfig.atRoot(root.resolve("images")), HostPlatform.windows("amd64", "10.0.20348"));
    }

    @Test
    void aBaseLayerIsWrittenInItsWindowsLayout()
            throws IOException
    {
        PulledImage image = load(windows().layer(base()));
        List<Path> layers = images.layerDirectories(image, importer);
        assertThat(layers).hasSize(1);
        assertThat(layers.get(0)).startsWith(root.resolve("images"));
        assertThat(layers.get(0).resolve("Files/Windows/System32/cmd.exe")).hasContent("MZ cmd");
        assertThat(layers.get(0).resolve("Hives/SOFTWARE_BASE")).hasContent("regf");
        assertThat(layers.get(0).resolve(WindowsLayerImporter.TOMBSTONES)).doesNotExist();
        // imported once: a second call finds the same folder
        assertThat(images.layerDirectories(image, importer)).isEqualTo(layers);
    }

    @Test
    void whiteoutsOverAParentBecomeTombstones()
            throws IOException
    {
        PulledImage image = load(windows().layer(base()).layer(TestImages.layer().directory("Files").directory("Files/app")
                .file("Files/app/new.txt", "new").whiteout("Files/Windows/System32/cmd.exe").whiteout("Files/old dir")));
        List<Path> layers = images.layerDirectories(image, importer);
        assertThat(layers).hasSize(2);
        Path top = layers.get(1);
        assertThat(top.resolve("Files/app/new.txt")).hasContent("new");
        assertThat(Files.readString(top.resolve(WindowsLayerImporter.TOMBSTONES), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFFVersion 1.0\n\\Windows\\System32\\cmd.exe\n\\old dir\n");
        assertThat(top.resolve("Files/Windows/System32/.wh.cmd.exe")).doesNotExist();
        // the layer over a parent, and only it, went through vmcompute's ImportLayer (into the image store's staging
        // folder, renamed to top afterwards), from an import folder that is gone
        assertThat(vmCompute.calls()).filteredOn(call -> call.startsWith("ImportLayer ")).hasSize(1);
        try (Stream<Path> paths = Files.walk(root.resolve("images"))) {
            assertThat(paths.map(Path::toString)).noneMatch(path -> path.endsWith(".import"));
        }
    }

    @Test
    void aLayerOverParentsWithUtilityVmFilesHasThemProcessedOnceImported()
            throws IOException
    {
        PulledImage image = load(windows().layer(base()).layer(TestImages.layer().directory("Files").directory("UtilityVM")
                .directory("UtilityVM/Files").file("UtilityVM/Files/boot.wim", "wim")));
        List<Path> layers = images.layerDirectories(image, importer);
        assertThat(layers.get(1).resolve("UtilityVM/Files/boot.wim")).hasContent("wim");
        List<String> calls = vmCompute.calls();
        assertThat(calls).filteredOn(call -> call.startsWith("ProcessUtilityImage ")).singleElement()
                .satisfies(call -> assertThat(call).endsWith("UtilityVM"));
        assertThat(calls.indexOf(calls.stream().filter(call -> call.startsWith("ImportLayer ")).findFirst().orElseThrow()))
                .as("imported first").isLessThan(calls.indexOf(calls.stream().filter(call -> call.startsWith("ProcessUtilityImage ")).findFirst()
                        .orElseThrow()));
    }

    @Test
    void aFailedImportLayerIsPullFailedWithItsHresultAndKeepsNothing()
            throws IOException
    {
        PulledImage image = load(windows().layer(base()).layer(TestImages.layer().directory("Files").file("Files/new.txt", "new")));
        vmCompute.failNext("ImportLayer", 0x80070070);
        assertThatThrownBy(() -> images.layerDirectories(image, importer)).isInstanceOfSatisfying(PullFailed.class, failure -> {
            assertThat(failure.getMessage()).contains("ImportLayer").contains("0x80070070");
            assertThat(failure.errno()).hasValue(0x70);
        });
        try (Stream<Path> paths = Files.walk(root.resolve("images"))) {
            assertThat(paths.map(Path::toString)).noneMatch(path -> path.endsWith(".import")).noneMatch(path -> path.endsWith("new.txt"));
        }
    }

    @Test
    void aBaseLayerCannotDeleteAnything()
            throws IOException
    {
        PulledImage image = load(windows().layer(base().whiteout("Files/Windows/notepad.exe")));
        assertThatThrownBy(() -> images.layerDirectories(image, importer)).isInstanceOf(PullFailed.class)
                .hasMessageContaining("Files/Windows/.wh.notepad.exe").hasMessageContaining("base layer");
    }

    static Stream<HostileEntry> hostileCorpus()
    {
        return Stream.of(
                new HostileEntry("../evil.txt", layer -> layer.file("../evil.txt", "x")),
                new HostileEntry("Files/../../evil.txt", layer -> layer.file("Files/../../evil.txt", "x")),
                new HostileEntry("Files\\..\\..\\evil.txt", layer -> layer.file("Files\\..\\..\\evil.txt", "x")),
                new HostileEntry("Files/x\\..\\..\\..\\evil.txt", layer -> layer.file("Files/x\\..\\..\\..\\evil.txt", "x")),
                new HostileEntry("/evil.txt", layer -> layer.file("/evil.txt", "x")),
                new HostileEntry("\\evil.txt", layer -> layer.file("\\evil.txt", "x")),
                new HostileEntry("C:/Windows/evil.txt", layer -> layer.file("C:/Windows/evil.txt", "x")),
                new HostileEntry("Files/CON", layer -> layer.file("Files/CON", "x")),
                new HostileEntry("Files/nul.txt", layer -> layer.file("Files/nul.txt", "x")),
                new HostileEntry("Files/COM1", layer -> layer.file("Files/COM1", "x")),
                new HostileEntry("Files/lpt9 .log", layer -> layer.file("Files/lpt9 .log", "x")),
                new HostileEntry("Files/a:b", layer -> layer.file("Files/a", "x").file("Files/a:b", "hidden")),
                new HostileEntry("Files/a::$DATA", layer -> layer.file("Files/a::$DATA", "x")),
                new HostileEntry("Files/trailing.", layer -> layer.file("Files/trailing.", "x")),
                new HostileEntry("Files/pipe|name", layer -> layer.file("Files/pipe|name", "x")),
                new HostileEntry("Files/" + "n".repeat(256), layer -> layer.file("Files/" + "n".repeat(256), "x")),
                new HostileEntry("Other/evil.txt", layer -> layer.file("Other/evil.txt", "x")),
                new HostileEntry("Files/passwd", layer -> layer.hardlink("Files/passwd", "../../../../etc/passwd")),
                new HostileEntry("Files/link", layer -> layer.hardlink("Files/link", "Files/missing.txt")),
                new HostileEntry("Files/escape", layer -> layer.symlink("Files/escape", "C:\\Windows\\System32")),
                new HostileEntry("Files/device", layer -> layer.characterDevice("Files/device", 1, 3)));
    }

    @ParameterizedTest
    @MethodSource("hostileCorpus")
    void aHostileEntryIsRefusedByNameAndNothingIsWritten(HostileEntry hostile)
            throws IOException
    {
        TestLayer layer = TestImages.layer().directory("Files").file("Files/first.txt", "written before the hostile entry");
        PulledImage image = load(windows().layer(hostile.add().apply(layer)));
        List<Path> before = tree(root);
        assertThatThrownBy(() -> images.layerDirectories(image, importer)).isInstanceOfSatisfying(PullFailed.class,
                failure -> assertThat(failure.getMessage()).contains("'" + hostile.entry() + "'"));
        Path imported = root.resolve("images/layers/imported/hcs");
        assertThat(imported).isEmptyDirectory();
        assertThat(tree(root)).as("nothing written, inside or outside the store; staging removed").filteredOn(path -> !imported.startsWith(path)
                || path.equals(root) || path.equals(root.resolve("images")) || path.equals(root.resolve("images/layers"))).isEqualTo(before);
        assertThat(root.getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void aNameOverWindowsPathLimitIsRefusedBeforeAnythingIsWritten()
            throws IOException
    {
        // every component within NTFS's 255, the whole past the 32,767 of a \\?\ path
        String deep = "Files/" + ("d".repeat(250) + "/").repeat(131) + "f";
        Path target = Files.createDirectory(root.resolve("deep"));
        byte[] tar = TestImages.layer().directory("Files").file(deep, "x").tar();
        assertThatThrownBy(() -> importer.importLayer(new ByteArrayInputStream(tar), target, List.of()))
                .isInstanceOf(UnsafeLayer.class).hasMessageContaining("over Windows' limit of 32767");
        assertThat(tree(target)).containsExactly(target, target.resolve("Files"));
    }

    record HostileEntry(String entry, UnaryOperator<TestLayer> add)
    {
        @Override
        public String toString()
        {
            return entry.length() > 40 ? entry.substring(0, 40) + "..." : entry;
        }
    }

    private static TestImage windows()
    {
        return TestImages.image().platform("windows", "amd64").osVersion("10.0.20348.2227");
    }

    private static TestLayer base()
    {
        return TestImages.layer().directory("Files").directory("Files/Windows").directory("Files/Windows/System32")
                .file("Files/Windows/System32/cmd.exe", "MZ cmd").directory("Hives").file("Hives/SOFTWARE_BASE", "regf");
    }

    private PulledImage load(TestImage image)
            throws IOException
    {
        Path layout = root.resolve("layout-" + System.nanoTime());
        image.writeLayout(layout, "latest");
        return images.load(layout, Optional.of("windows/test:latest")).get(0);
    }

    private static List<Path> tree(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.sorted().toList();
        }
    }
}
