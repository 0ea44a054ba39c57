package dev.berth.wsl2;

import dev.berth.oci.testing.TestFlavor;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.testing.Wsl2Harness;

import java.nio.file.Path;
import java.util.Map;

/**
 * The contract with the delegate's default flavor, youki: runtime-oci's youki stand-in (runc behind a wrapper that
 * reproduces youki's kill and state differences), through the local transport.
 */
class Wsl2YoukiFlavorContractTest
        extends Wsl2ContractTest
{
    @Override
    protected Wsl2Harness createHarness()
    {
        TestFlavor.YOUKI_LIKE.require();
        Path youki = TestFlavor.YOUKI_LIKE.binary(Path.of("/tmp/berth-wsl2-test/bin"));
        return Wsl2Harness.create(Map.of(Wsl2Config.BINARY.name(), youki.toString(), Wsl2Config.FLAVOR.name(), "youki"));
    }
}
