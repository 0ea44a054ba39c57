package dev.berth.youki.testing;

import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.oci.testing.Specs;
import dev.berth.oci.testing.TestFlavor;

import java.nio.file.Path;
import java.util.Map;

/**
 * A stand-in agent JVM for the restart test: starts a container that exits 7 after a few seconds, reports it on
 * stdout, then waits to be killed with SIGKILL. Arguments: state dir, runtime root, container id, {@link TestFlavor}.
 */
public final class SurvivorMain
{
    private SurvivorMain() {}

    public static void main(String[] args)
            throws InterruptedException
    {
        YoukiHarness harness = YoukiHarness.reopen(TestFlavor.valueOf(args[3]), Path.of(args[0]), args[1]);
        RuntimeBackend backend = harness.backend();
        backend.create(new ContainerRequest(args[2], Specs.of("survivor", "sh", "-c", "echo survivor-up; sleep 4; exit 7"), harness.busybox(), Map.of()));
        backend.start(args[2]);
        System.out.println("started " + backend.state(args[2]).pid().orElseThrow());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
