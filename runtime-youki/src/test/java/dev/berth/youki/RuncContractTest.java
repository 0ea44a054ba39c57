package dev.berth.youki;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.testing.Requirements;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core contract against real runc under conmon. */
class RuncContractTest
        extends RuntimeBackendContractTest
{
    private static YoukiHarness harness;

    @BeforeAll
    static void start()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        harness = YoukiHarness.create(TestFlavor.RUNC);
    }

    @AfterAll
    static void stop()
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
    protected PulledImage image()
    {
        return harness.busybox();
    }
}
