package dev.berth.youki;

import dev.berth.oci.testing.TestFlavor;

class CrunBackendTest
        extends YoukiBackendTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.CRUN;
    }
}
