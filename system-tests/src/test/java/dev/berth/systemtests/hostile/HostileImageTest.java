package dev.berth.systemtests.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.testing.Requirements;
import dev.berth.image.testing.BuiltImage;
import dev.berth.image.testing.TestImage;
import dev.berth.image.testing.TestImages;
import dev.berth.image.testing.TestLayer;
import dev.berth.image.testing.TestRegistry;
import dev.berth.node.testing.AgentProcess;
import dev.berth.node.testing.Cli;
import dev.berth.node.testing.Cli.Result;
import dev.berth.systemtests.testing.AgentFixture;
import dev.berth.systemtests.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile images loaded ({@code berth load}) and pulled ({@code berth pull}) through the real agent, whose limits
 * are small (layer 8Mi, manifest and config 64Ki): each is PullFailed naming the entry or limit, no image is listed,
 * and nothing lands in the canary directory outside the store. The unpacker's own cases live in agent-image; these
 * prove the agent's API and CLI carry the refusal intact.
 */
class HostileImageTest
{
    static Path scratch;
    static Path canary;
    static TestRegistry registry;
    static AgentProcess agent;
    static Cli cli;

    @BeforeAll
    static void startAgent()
            throws Exception
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.require(TestImages.busyboxAvailable(), "/bin/busybox (busybox-static)");
        scratch = Scratch.create("bst-img-");
        canary = Files.createDirectories(scratch.resolve("canary"));
        registry = TestRegistry.start();
        agent = AgentFixture.startAgent(scratch.resolve("data"), scratch.resolve("a.sock"),
                "--set", "image.max-layer-size=8Mi",
                "--set", "image.max-manifest-size=64Ki",
                "--set", "image.max-config-size=64Ki",
                "--set", "image.retries=0");
        cli = agent.cli();
    }

    @AfterEach
    void nothingOutsideTheStoreAndNoImage()
            throws Exception
    {
        try (Stream<Path> written = Files.list(canary)) {
            assertThat(written).as("nothing written outside the store").isEmpty();
        }
        assertThat(Files.exists(Path.of("/etc/shadow"))).isTrue();
        JsonNode images = cli.run("images", "--json").json();
        assertThat(images.findValuesAsText("reference")).noneMatch(reference -> reference.contains("hostile"));
    }

    @AfterAll
    static void stopAgent()
    {
        if (agent != null) {
            agent.close();
        }
        if (registry != null) {
            registry.close();
        }
        Scratch.removeQuietly(scratch);
    }

    @Test
    void dotDotEntry()
            throws Exception
    {
        String climb = "etc/" + "../".repeat(20) + canary.toString().substring(1) + "/dotdot";
        assertRefused("dotdot", image(TestImages.layer().directory("etc").file(climb, "pwned")), "entry '" + climb + "'", "'..'");
    }

    @Test
    void absolutePathEntry()
            throws Exception
    {
        String absolute = canary.resolve("absolute").toString();
        assertRefused("absolute", image(TestImages.layer().file(absolute, "pwned")), "entry '" + absolute + "'", "absolute path");
    }

    @Test
    void fileWrittenThroughASymlinkPointingOutside()
            throws Exception
    {
        assertRefused("symlink", image(TestImages.layer().symlink("escape", canary.toString()).file("escape/through", "pwned")),
                "entry 'escape/through'", "symlink 'escape'");
    }

    @Test
    void hardLinkToEtcShadow()
            throws Exception
    {
        assertRefused("hardlink", image(TestImages.layer().hardlink("shadow", "/etc/shadow")), "entry 'shadow'");
    }

    @Test
    void gzipBombBoundedByTheLayerLimit()
            throws Exception
    {
        // 256Mi of zeros gzip to about 250Ki: the download is small, the inflation is what the limit stops
        assertRefused("bomb", image(TestImages.layer().filled("zeros", 256L << 20, (byte) 0)),
                "inflates past the limit of 8388608 bytes", "image.max-layer-size");
    }

    @Test
    void manifestOverTheLimit()
            throws Exception
    {
        assertRefused("manifest", TestImages.busybox().manifestPadding(128 << 10), "manifest", "65536");
    }

    @Test
    void configOverTheLimit()
            throws Exception
    {
        assertRefused("config", TestImages.busybox().label("padding", "x".repeat(128 << 10)), "config", "65536");
    }

    @Test
    void layerContentNotItsDiffId()
            throws Exception
    {
        TestImage image = TestImages.image().layer(TestImages.layer().file("a", "a"))
                .rawConfig("{\"os\":\"linux\",\"architecture\":\"" + TestImages.hostArchitecture()
                        + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}");
        assertRefused("diffid", image, "sha256:" + "0".repeat(64));
    }

    @Test
    void blobServedWithTheWrongDigestIsRefusedOnPull()
    {
        // a layer of its own: a layer the store already verified (e.g. busybox's) is reused without downloading it
        BuiltImage image = TestImages.image().layer(TestImages.layer().random("noise", 64 << 10, System.nanoTime())).build();
        String reference = registry.push(image, "hostile/corrupt:1");
        String layer = image.layerDigests().get(0);
        registry.corruptBlob(layer);
        Result pull = cli.run("pull", "--json", reference);
        System.out.println("corrupt blob: " + pull.out().strip());
        assertThat(pull.exit()).isEqualTo(1);
        assertThat(pull.out()).contains("PULL_FAILED").contains(layer.substring(0, 19));
    }

    private static TestImage image(TestLayer hostile)
    {
        return TestImages.image().layer(TestImages.layer().file("ok", "fine")).layer(hostile);
    }

    private static void assertRefused(String name, TestImage image, String... reasonParts)
            throws Exception
    {
        Path layout = scratch.resolve("layout-" + name);
        image.writeLayout(layout, "latest");
        Result load = cli.run("load", "--json", layout.toString(), "hostile/" + name + ":latest");
        System.out.println(name + " load: " + load.out().strip() + load.err().strip());
        assertThat(load.exit()).as("load " + name).isEqualTo(1);
        assertThat(load.out() + load.err()).contains("PULL_FAILED").contains(reasonParts);

        String reference = registry.push(image.build(), "hostile/" + name + ":1");
        Result pull = cli.run("pull", "--json", reference);
        System.out.println(name + " pull: " + pull.out().strip() + pull.err().strip());
        assertThat(pull.exit()).as("pull " + name).isEqualTo(1);
        assertThat(pull.out() + pull.err()).contains("PULL_FAILED").contains(reasonParts);
    }
}
