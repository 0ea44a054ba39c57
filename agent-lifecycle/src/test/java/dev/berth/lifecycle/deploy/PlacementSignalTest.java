package dev.berth.lifecycle.deploy;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.PlacementSignal;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A workload this Linux-only node cannot host is answered with a placement signal, never recorded as a failure. */
class PlacementSignalTest
{
    @TempDir
    Path dataDir;

    private TestingLifecycleBackend backend;
    private LifecycleHarness harness;

    @BeforeEach
    void setUp()
    {
        backend = new TestingLifecycleBackend();
        harness = new LifecycleHarness(dataDir, backend, LifecycleHarness.FAST);
    }

    @AfterEach
    void tearDown()
    {
        harness.close();
    }

    @Test
    void deployPutsTheSignalInTheOutcomeAndRecordsNothing()
    {
        DeployResult result = harness.manager().deploy(documents("""
                - {name: win, image: busybox:test, platform: {os: windows}}
                - {name: lin, image: busybox:test, args: [sleep]}
                """));

        DeployResult.Outcome win = result.outcomes().get(0);
        assertThat(win.error()).get().satisfies(error -> {
            assertThat(error).isInstanceOf(PlacementSignal.class);
            assertThat(error.isPlacementSignal()).isTrue();
        });
        assertThat(win.containers()).isEmpty();
        assertThat(result.outcomes().get(1).error()).isEmpty();
        assertThat(harness.manager().containers()).extracting(view -> view.id()).containsExactly("lin.1");
        assertThat(harness.manager().services()).extracting(view -> view.name()).containsExactly("lin");
    }

    @Test
    void runThrowsTheSignalAndRecordsNothing()
    {
        Throwable thrown = catchThrowable(() -> harness.manager().run(document("{name: win, image: busybox:test, platform: {os: windows}}")));

        assertThat(thrown).isInstanceOf(PlacementSignal.class);
        assertThat(((AgentError) thrown).isPlacementSignal()).isTrue();
        assertThat(harness.manager().containers()).isEmpty();
        assertThat(harness.manager().services()).isEmpty();
        assertThat(backend.calls()).isEmpty();
    }
}
