package dev.berth.wsl2;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.testing.Requirements;
import dev.berth.wsl2.testing.Wsl2Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core contract for the delegate: bundles built and run through the local transport, by real runc under conmon. */
class Wsl2LocalRuncContractTest
        extends RuntimeBackendContractTest
{
    private static Wsl2Harness harness;

    @BeforeAll
    static void start()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        harness = Wsl2Harness.create();
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
