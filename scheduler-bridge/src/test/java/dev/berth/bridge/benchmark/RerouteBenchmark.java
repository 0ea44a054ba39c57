package dev.berth.bridge.benchmark;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.etcd.EtcdSchedulerBridge;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Re-route latency on loopback: from the moment a Windows node's agent answers a Linux workload with RouteToPeer
 * until the Linux peer's agent is handed the assignment. Two bridges (nodes) in this JVM, a real etcd.
 * Run with {@code benchmarks/bridge-reroute.sh [ROUNDS]}; prints median and p99 (default 100 rounds, after 10 warm-up).
 */
public final class RerouteBenchmark
{
    private RerouteBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = 10;
        Map<String, Long> signalled = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        try (TestEtcd etcd = TestEtcd.start()) {
            TestCluster cluster = new TestCluster(etcd);
            TestingAgent linux = TestingAgent.linux("linux-1", TestCluster.REGISTRY);
            TestingAgent windows = TestingAgent.windows("windows-1", TestCluster.REGISTRY);
            try (EtcdSchedulerBridge peer = new EtcdSchedulerBridge(cluster.config("linux-1"));
                    EtcdSchedulerBridge through = new EtcdSchedulerBridge(cluster.config("windows-1"))) {
                peer.start(linux.nodeState(), timed(linux, null, arrived));
                through.start(windows.nodeState(), timed(windows, signalled, null));
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < warmup + rounds; i++) {
                    String name = "svc-" + i;
                    through.submit(List.of(TestCluster.service(name, "linux-app", 1)));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!arrived.containsKey(name) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (!arrived.containsKey(name) || !signalled.containsKey(name)) {
                        throw new IllegalStateException(name + " was not re-routed: " + through.service(name));
                    }
                    if (through.await(name, Duration.ofSeconds(10)).phase() != ServicePhase.RUNNING) {
                        throw new IllegalStateException(name + " is not running: " + through.service(name));
                    }
                    if (i >= warmup) {
                        millis.add((arrived.get(name) - signalled.get(name)) / 1e6);
                    }
                    through.remove(name);
                }
                Collections.sort(millis);
                System.out.printf("bridge re-route latency (RouteToPeer on windows-1 -> assignment handed to linux-1), %d rounds, loopback etcd:%n",
                        rounds);
                System.out.printf("  median %.2f ms%n  p99    %.2f ms%n  min    %.2f ms%n  max    %.2f ms%n", percentile(millis, 50),
                        percentile(millis, 99), millis.get(0), millis.get(millis.size() - 1));
            }
        }
    }

    private static double percentile(List<Double> sorted, int percent)
    {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static AssignmentHandler timed(TestingAgent agent, Map<String, Long> signalled, Map<String, Long> arrived)
    {
        return new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                if (arrived != null) {
                    arrived.putIfAbsent(assignment.name(), System.nanoTime());
                }
                AssignmentOutcome outcome = agent.assigned(assignment);
                if (signalled != null && outcome instanceof AssignmentOutcome.Signalled) {
                    signalled.putIfAbsent(assignment.name(), System.nanoTime());
                }
                return outcome;
            }

            @Override
            public void unassigned(String service)
            {
                agent.unassigned(service);
            }

            @Override
            public Set<String> hosted()
            {
                return agent.hosted();
            }
        };
    }
}
