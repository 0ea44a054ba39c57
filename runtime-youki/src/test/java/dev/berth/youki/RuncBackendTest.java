package dev.berth.youki;

import dev.berth.youki.testing.TestFlavor;

class RuncBackendTest
        extends YoukiBackendTest
{
    @Override
    protected TestFlavor flavor()
    {
        return TestFlavor.RUNC;
    }
}
