package dev.berth.wsl2;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.OciContractTest;
import dev.berth.wsl2.testing.Wsl2Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Optional;

/** agent-core's contract for the delegate, on each transport and flavor, by real runc under conmon on this host. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Wsl2ContractTest
        extends OciContractTest
{
    private Wsl2Harness harness;

    /** Checks what the harness needs, then makes it. */
    protected abstract Wsl2Harness createHarness();

    @BeforeAll
    void start()
    {
        harness = createHarness();
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
        return Optional.of(harness.reopen());
    }
}
