package dev.berth.wsl2;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.OciContractTest;
import dev.berth.wsl2.testing.Wsl2Harness;

/** agent-core's contract for the delegate, on each transport and flavor, by real runc under conmon on this host. */
abstract class Wsl2ContractTest
        extends OciContractTest<Wsl2Harness>
{
    @Override
    protected RuntimeBackend backend(Wsl2Harness harness)
    {
        return harness.backend();
    }

    @Override
    protected RuntimeBackend reopen(Wsl2Harness harness)
    {
        return harness.reopen();
    }
}
