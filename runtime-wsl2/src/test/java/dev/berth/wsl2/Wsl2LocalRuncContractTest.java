package dev.berth.wsl2;

import dev.berth.oci.testing.TestFlavor;
import dev.berth.wsl2.testing.Wsl2Harness;

/** The contract through the local transport: the delegate's commands run on this host. */
class Wsl2LocalRuncContractTest
        extends Wsl2ContractTest
{
    @Override
    protected Wsl2Harness createHarness()
    {
        TestFlavor.RUNC.require();
        return Wsl2Harness.create();
    }
}
