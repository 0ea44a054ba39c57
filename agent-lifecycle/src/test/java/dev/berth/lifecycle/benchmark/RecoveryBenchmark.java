package dev.berth.lifecycle.benchmark;

import dev.berth.core.runtime.ContainerState;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.oci.testing.TestFlavor;
import dev.berth.youki.testing.YoukiHarness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Agent restart with N running containers on runc under conmon: deploys N replicas, closes the agent (containers
 * keep running), opens a new agent over a new backend instance, and prints how long recovery took, how many
 * containers it adopted, and whether any was restarted (a PID changed). Run with
 * {@code agent-lifecycle/benchmarks/recovery.sh [N, default 100]} (root, runc and conmon needed).
 */
public final class RecoveryBenchmark
{
    private RecoveryBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        PrintStream out = System.out;
        Path dataDir = Files.createTempDirectory("berth-recovery-bench");
        try (YoukiHarness youki = YoukiHarness.create(TestFlavor.RUNC)) {
            LifecycleHarness harness = new LifecycleHarness(dataDir, youki.backend(), LifecycleHarness.FAST);
            long deployStart = System.nanoTime();
            harness.manager().deploy(LifecycleHarness.documents("- {name: bench, image: busybox:test, args: [sleep, \"100000\"], replicas: " + count + "}"));
            long deployMillis = (System.nanoTime() - deployStart) / 1_000_000;
            Map<String, Long> pids = harness.manager().containers().stream().filter(view -> view.state() == ContainerState.RUNNING)
                    .collect(Collectors.toMap(ContainerView::id, view -> view.pid().orElse(-1)));
            out.printf("deployed %d replicas (%d running) in %d ms%n", count, pids.size(), deployMillis);
            harness.stopAgent();

            YoukiHarness next = YoukiHarness.reopen(TestFlavor.RUNC, youki.stateDir(), youki.root());
            harness.startAgent(next.backend());
            RecoveryReport report = harness.manager().lastRecovery();
            List<ContainerView> after = harness.manager().containers();
            long samePid = after.stream().filter(view -> view.pid().isPresent() && pids.get(view.id()) == view.pid().getAsLong()).count();
            long listStart = System.nanoTime();
            int listed = next.backend().list().size();
            long listMillis = (System.nanoTime() - listStart) / 1_000_000;
            out.printf("recovery: %d adopted, %d restarted, %d exited, %d failed, %d orphans in %d ms%n", report.adopted().size(),
                    report.restarted().size(), report.exited().size(), report.failed().size(), report.orphans().size(),
                    report.duration().toMillis());
            out.printf("adoption of the %d recorded containers (without the orphan listing): %d ms%n", pids.size(),
                    harness.manager().lastRecoveryAdoption().toMillis());
            out.printf("same PID after recovery: %d of %d%n", samePid, pids.size());
            out.printf("for comparison, the backend's full list() of %d containers (run beside adoption, for orphans) takes %d ms%n",
                    listed, listMillis);
            harness.close();
        }
        finally {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
