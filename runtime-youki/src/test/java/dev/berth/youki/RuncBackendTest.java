package dev.berth.youki;

import dev.berth.oci.testing.TestFlavor;

class RuncBackendTest
        extends YoukiBackendTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.RUNC;
    }
}
