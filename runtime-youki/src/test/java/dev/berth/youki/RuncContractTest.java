package dev.berth.youki;

import dev.berth.oci.testing.TestFlavor;

/** The core contract against real runc under conmon. */
class RuncContractTest
        extends YoukiContractTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.RUNC;
    }
}
