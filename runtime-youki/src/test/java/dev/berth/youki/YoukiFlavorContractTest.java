package dev.berth.youki;

import dev.berth.oci.testing.TestFlavor;

/** The core contract against the youki flavor: runc behind a wrapper with youki's CLI differences. */
class YoukiFlavorContractTest
        extends YoukiContractTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.YOUKI_LIKE;
    }
}
