package dev.berth.youki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.multibindings.OptionalBinder;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.bundle.BindSources;
import dev.berth.youki.config.YoukiConfig;
import dev.berth.oci.linux.BindStaging;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bind sources are resolved beneath their allowed root as the kernel resolves them, and what was checked is what the
 * container gets, even when the path is swapped between the check and the runtime's mount. Real runc containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BindSourceTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What a racing container does to the allowed root right after the agent checked a source, before the mount. */
    private static final AtomicReference<Runnable> AFTER_CHECK = new AtomicReference<>(() -> {});

    private Path allowed;
    private YoukiHarness harness;
    private RuntimeBackend backend;

    @BeforeAll
    void start()
            throws IOException
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        allowed = Files.createDirectories(Path.of("/tmp/berth-youki-test/bind-roots", "root-" + UUID.randomUUID()));
        harness = YoukiHarness.create(TestFlavor.RUNC, Map.of(YoukiConfig.ALLOWED_BIND_ROOTS.name(), allowed.toString()), new AbstractModule()
        {
            @Override
            protected void configure()
            {
                OptionalBinder.newOptionalBinder(binder(), BindSources.class).setBinding().to(RacingBindSources.class);
            }
        });
        backend = harness.backend();
    }

    @AfterAll
    void stop()
    {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void symbolicLinkOutOfTheAllowedRootIsRefused()
            throws IOException
    {
        Path link = Files.createSymbolicLink(allowed.resolve("link-" + UUID.randomUUID()), Path.of("/etc"));
        String id = id();
        MountSpec bind = new MountSpec(MountSpec.Type.BIND, link.toString(), "/x", false, 0);
        assertThatThrownBy(() -> backend.create(request(id, Specs.withMounts(Specs.of("escape", "cat", "/x/hostname"), List.of(bind)))))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("mounts[0]")
                .hasMessageContaining(link.toString())
                .hasMessageContaining("leads out of the allowed bind root");
        backend.remove(id, true);

        // a link inside the root that stays inside is the kernel's to follow, and allowed
        Path data = Files.createDirectories(allowed.resolve("data-" + UUID.randomUUID()));
        Files.writeString(data.resolve("marker"), "inside-the-root");
        Path inner = Files.createSymbolicLink(allowed.resolve("inner-" + UUID.randomUUID()), data.getFileName());
        String reader = run(Specs.withMounts(Specs.of("inner", "sh", "-c", "cat /x/marker; echo"), List.of(new MountSpec(MountSpec.Type.BIND, inner.toString(), "/x", true, 0))));
        assertThat(backend.wait(reader, TIMEOUT).code()).isZero();
        assertThat(logs(reader)).containsExactly("inside-the-root");
        backend.remove(reader, false);
    }

    @Test
    void containerGetsWhatWasCheckedWhenThePathIsSwappedBeforeTheMount()
            throws IOException
    {
        Path data = Files.createDirectories(allowed.resolve("data-" + UUID.randomUUID()));
        Files.writeString(data.resolve("marker"), "what-was-checked");
        Path moved = allowed.resolve(data.getFileName() + ".moved");
        AFTER_CHECK.set(() -> {
            try {
                // a container that can write into the allowed root swaps the checked directory for a link to /etc
                Files.move(data, moved);
                Files.createSymbolicLink(data, Path.of("/etc"));
            }
            catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String written = "berth-bind-test-" + UUID.randomUUID();
        String id;
        try {
            id = run(Specs.withMounts(Specs.of("swap", "sh", "-c", "cat /x/marker; echo; test -e /x/passwd && echo saw-host-etc; echo written > /x/" + written),
                    List.of(new MountSpec(MountSpec.Type.BIND, data.toString(), "/x", false, 0))));
        }
        finally {
            AFTER_CHECK.set(() -> {});
        }
        backend.wait(id, TIMEOUT);
        boolean escaped = Files.deleteIfExists(Path.of("/etc", written));
        assertThat(escaped).as("the container wrote into the host's /etc").isFalse();
        assertThat(logs(id)).contains("what-was-checked").doesNotContain("saw-host-etc");
        assertThat(moved.resolve(written)).hasContent("written");

        Path staging = harness.stateDir().resolve("containers").resolve(id).resolve("binds");
        assertThat(staging).isDirectory();
        backend.remove(id, false);
        // released before the container's directory went, and the host's files are untouched by the delete
        assertThat(staging).doesNotExist();
        assertThat(moved.resolve("marker")).hasContent("what-was-checked");
        Files.delete(data);
    }

    private String id()
    {
        return "bind-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ContainerRequest request(String id, ServiceSpec spec)
    {
        return new ContainerRequest(id, spec, harness.busybox(), Map.of());
    }

    private String run(ServiceSpec spec)
    {
        String id = id();
        backend.create(request(id, spec));
        backend.start(id);
        return id;
    }

    private List<String> logs(String id)
    {
        List<String> lines = new ArrayList<>();
        try (LogReader reader = backend.logs(id, LogOptions.ALL)) {
            reader.forEachRemaining(line -> lines.add(line.text()));
        }
        return lines;
    }

    /** The production staging, then whatever the test's racing container does. */
    static final class RacingBindSources
            implements BindSources
    {
        private final BindStaging staging;

        @Inject
        RacingBindSources(BindStaging staging)
        {
            this.staging = staging;
        }

        @Override
        public String hold(String id, int index, String field, Path source, Path root)
        {
            String held = staging.hold(id, index, field, source, root);
            AFTER_CHECK.get().run();
            return held;
        }

        @Override
        public void release(String id)
        {
            staging.release(id);
        }
    }
}
