package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.image.reference.Digests;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An image this node cannot run is a placement signal as soon as the index or the config says so: its layers are
 * never fetched, and nothing waits for an {@code exec format error} at start.
 */
class PlatformMismatchPullTest
{
    private static final PlatformSpec ANY = PlatformSpec.ANY;
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
    void anArm64ConfigOnAnAmd64NodeIsWrongPlatformBeforeItsLayers()
            throws IOException
    {
        BuiltImage arm = TestImages.image().platform("linux", "arm64").variant("v8")
                .layer(TestImages.layer().random("big", 200_000, 3)).build();
        String reference = registry.push(arm, "mismatch/arm-only:1");

        try (DefaultImageService images = service(HostPlatform.linux("amd64"))) {
            assertThatThrownBy(() -> images.pull(reference, ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(WrongPlatform.class, wrong -> {
                        assertThat(wrong.dimension()).isEqualTo(WrongPlatform.ARCH);
                        assertThat(wrong.expected()).isEqualTo("amd64");
                        assertThat(wrong.actual()).isEqualTo("arm64");
                        assertThat(wrong.imageOs()).isEqualTo("linux");
                        assertThat(wrong.getMessage()).contains("architecture arm64 and this node is amd64");
                    });
            assertThat(storedBlobs()).doesNotContain(Digests.hex(arm.layerDigests().get(0)));
            // asked for explicitly, it is a pull for another node and is stored
            PlatformSpec arm64 = new PlatformSpec(Optional.of(OsFamily.LINUX), Optional.of("arm64"), Optional.empty());
            assertThat(images.pull(reference, arm64, PullListener.NONE).platform().arch()).isEqualTo("arm64");
        }
    }

    @Test
    void anIndexWithoutThisNodesArchitectureIsWrongPlatformNamingWhatItHas()
            throws IOException
    {
        BuiltImage index = TestImages.index()
                .add(TestImages.image().platform("linux", "arm64").variant("v8").layer(TestImages.layer().file("which", "arm64")))
                .add(TestImages.image().platform("linux", "ppc64le").layer(TestImages.layer().file("which", "ppc64le")))
                .build();
        String reference = registry.push(index, "mismatch/arm-index:1");
        try (DefaultImageService images = service(HostPlatform.linux("amd64"))) {
            assertThatThrownBy(() -> images.pull(reference, ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(WrongPlatform.class, wrong -> {
                        assertThat(wrong.dimension()).isEqualTo(WrongPlatform.ARCH);
                        assertThat(wrong.expected()).isEqualTo("amd64");
                        assertThat(wrong.actual()).isEqualTo("arm64|ppc64le");
                    });
            assertThat(storedBlobs()).doesNotContainAnyElementsOf(index.blobs().keySet().stream().map(Digests::hex).toList());
            // an arch the spec itself asks for and the index lacks: no node could pull it
            PlatformSpec s390x = new PlatformSpec(Optional.empty(), Optional.of("s390x"), Optional.empty());
            assertThatThrownBy(() -> images.pull(reference, s390x, PullListener.NONE)).isInstanceOf(PullFailed.class);
        }
    }

    @Test
    void aWindowsBuildNewerThanTheNodesIsWrongPlatformNamingBothBuilds()
            throws IOException
    {
        BuiltImage newer = TestImages.image().platform("windows", "amd64").osVersion("10.0.26100.1742")
                .layer(TestImages.layer().random("Files/big", 200_000, 5)).build();
        String reference = registry.push(newer, "mismatch/windows-26100:1");
        BuiltImage older = TestImages.image().platform("windows", "amd64").osVersion("10.0.17763.5458")
                .layer(TestImages.layer().file("Files/which", "ltsc2019")).build();
        String olderReference = registry.push(older, "mismatch/windows-17763:1");

        HostPlatform server2022 = HostPlatform.windows("amd64", "10.0.20348");
        try (DefaultImageService images = service(server2022)) {
            assertThatThrownBy(() -> images.pull(reference, ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(WrongPlatform.class, wrong -> {
                        assertThat(wrong.dimension()).isEqualTo(WrongPlatform.BUILD);
                        assertThat(wrong.getMessage()).contains("Windows build 26100 and this node's build is 20348")
                                .contains("newer Windows build");
                    });
            assertThat(storedBlobs()).doesNotContain(Digests.hex(newer.layerDigests().get(0)));
            assertThatThrownBy(() -> images.pull(olderReference, ANY, PullListener.NONE))
                    .isInstanceOfSatisfying(WrongPlatform.class, wrong -> assertThat(wrong.detail()).contains("no Hyper-V"));
        }
        try (DefaultImageService images = service(server2022.withHyperV(true))) {
            assertThat(images.pull(olderReference, ANY, PullListener.NONE).platform().osVersion()).contains("10.0.17763.5458");
        }
    }

    private DefaultImageService service(HostPlatform host)
    {
        ConfigMap config = ConfigMap.empty()
                .with(ImageStoreConfig.ROOT.name(), root.resolve("store").toString())
                .with(ImageStoreConfig.RETRY_DELAY.name(), "20ms")
                .with(ImageStoreConfig.AUTH_FILE.name(), root.resolve("no-auth.json").toString());
        return new DefaultImageService(ImageStoreConfig.from(config), host);
    }

    /** The file names under the store: a fetched blob is kept under its digest's hex. */
    private List<String> storedBlobs()
            throws IOException
    {
        Path store = root.resolve("store");
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).map(path -> path.getFileName().toString()).toList();
        }
    }
}
