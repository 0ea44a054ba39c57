package dev.berth.wsl2;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.testing.Requirements;
import dev.berth.wsl2.testing.Wsl2Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The core contract through the production wsl.exe transport: every command goes through a stand-in wsl.exe
 * ({@code -d DISTRO -u root [--cd DIR] -- argv}) that runs it on this host, with real runc under conmon.
 */
class Wsl2WslExeRuncContractTest
        extends RuntimeBackendContractTest
{
    private static Wsl2Harness harness;

    @BeforeAll
    static void start()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        harness = Wsl2Harness.create(Map.of(), Wsl2Harness.Via.WSL_EXE);
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
