package dev.berth.youki;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.OciContractTest;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;

/**
 * agent-core's contract for the youki backend under conmon, on each runtime it drives: runc, crun (through the
 * hybrid-cgroup wrapper) and the youki flavor (runc behind a wrapper with youki's CLI differences). A reopened
 * harness is the next agent JVM.
 */
abstract class YoukiContractTest
        extends OciContractTest<YoukiHarness>
{
    protected abstract TestFlavor flavor();

    @Override
    protected YoukiHarness createHarness()
    {
        flavor().require();
        return YoukiHarness.create(flavor());
    }

    @Override
    protected RuntimeBackend backend(YoukiHarness harness)
    {
        return harness.backend();
    }

    @Override
    protected RuntimeBackend reopen(YoukiHarness harness)
    {
        return YoukiHarness.reopen(flavor(), harness.stateDir(), harness.root()).backend();
    }
}
