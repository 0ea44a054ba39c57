package dev.berth.wsl2;

import dev.berth.oci.testing.TestFlavor;
import dev.berth.wsl2.testing.Wsl2Harness;

import java.util.Map;

/**
 * The contract through the production wsl.exe transport: every command goes through a stand-in wsl.exe
 * ({@code -d DISTRO -u root [--cd DIR] --exec argv}) that runs it on this host.
 */
class Wsl2WslExeRuncContractTest
        extends Wsl2ContractTest
{
    @Override
    protected Wsl2Harness createHarness()
    {
        TestFlavor.RUNC.require();
        return Wsl2Harness.create(Map.of(), Wsl2Harness.Via.WSL_EXE);
    }
}
