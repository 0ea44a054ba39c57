package dev.berth.wsl2;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.testing.Requirements;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.testing.Wsl2Harness;
import dev.berth.oci.testing.TestFlavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.Map;

/**
 * The core contract with the delegate's default flavor, youki: runtime-oci's youki stand-in (runc behind a wrapper
 * that reproduces youki's kill and state differences), through the local transport under conmon.
 */
class Wsl2YoukiFlavorContractTest
        extends RuntimeBackendContractTest
{
    private static Wsl2Harness harness;

    @BeforeAll
    static void start()
    {
        Requirements.requireRoot();
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Requirements.requireExecutable("python3");
        Path youki = TestFlavor.YOUKI_LIKE.binary(Path.of("/tmp/berth-wsl2-test/bin"));
        harness = Wsl2Harness.create(Map.of(Wsl2Config.BINARY.name(), youki.toString(), Wsl2Config.FLAVOR.name(), "youki"));
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
