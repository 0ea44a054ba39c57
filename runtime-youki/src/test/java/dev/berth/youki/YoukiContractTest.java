package dev.berth.youki;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.OciContractTest;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Optional;

/**
 * agent-core's contract for the youki backend under conmon, on each runtime it drives: runc, crun (through the
 * hybrid-cgroup wrapper) and the youki flavor (runc behind a wrapper with youki's CLI differences). A reopened
 * harness is the next agent JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class YoukiContractTest
        extends OciContractTest
{
    private YoukiHarness harness;

    protected abstract TestFlavor flavor();

    @BeforeAll
    void start()
    {
        flavor().require();
        harness = YoukiHarness.create(flavor());
    }

    @AfterAll
    void stop()
    {
        if (harness != null) {
            harness.close();
        }
    }

    @Override
    protected RuntimeBackend backend()
    {
        return harness.backend();
    }

    @Override
    protected Optional<RuntimeBackend> reopen()
    {
        return Optional.of(YoukiHarness.reopen(flavor(), harness.stateDir(), harness.root()).backend());
    }
}
