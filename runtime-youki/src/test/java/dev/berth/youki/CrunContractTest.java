package dev.berth.youki;

import dev.berth.oci.testing.TestFlavor;

/** The core contract against real crun (through the hybrid-cgroup wrapper) under conmon. */
class CrunContractTest
        extends YoukiContractTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.CRUN;
    }
}
