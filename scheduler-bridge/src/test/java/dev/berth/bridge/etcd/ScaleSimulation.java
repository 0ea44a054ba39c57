package dev.berth.bridge.etcd;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster at scale, simulated: N bridges (nodes) in this JVM, each with its own etcd client and a
 * {@link TestingAgent}, on one real etcd. For each N it submits a steady stream of services (a fifth of them
 * Linux images submitted while a tenth of the nodes are Windows, so some are answered with RouteToPeer), removes
 * them again after a while, and kills and brings back nodes, then prints one table row. Run with
 * {@code benchmarks/bridge-scale.sh [NODES,...] [SECONDS]}.
 *
 * <p>What the columns mean:
 * <ul>
 *   <li><b>placed</b>: submit until the chosen node's agent answered Running (p50, p99).</li>
 *   <li><b>re-route</b>: a node's RouteToPeer answer until a peer's agent was handed the service (p99).</li>
 *   <li><b>death</b>: a node killed (no resign, no revoke: a crash) until each of its services was handed to another
 *       node (p50, p99). The lease had between TTL - TTL/3 and TTL left at the kill (it is renewed every third of
 *       the TTL), so "re-placed within 2 s of the lease expiring" is a p99 of at most TTL + 2 s.</li>
 *   <li><b>etcd writes/s</b>: puts, deletes and transactions etcd applied, from its own metrics.</li>
 *   <li><b>watchers / events/s</b>: etcd's watchers at the end, and the events it sent per second (the fan-out).</li>
 *   <li><b>sched CPU</b>: CPU the elected scheduler's thread used, as a share of one core; <b>JVM CPU</b> the whole
 *       simulation's.</li>
 * </ul>
 */
public final class ScaleSimulation
{
    /** The production default unless {@code -Dscale.lease-ttl-seconds=N}: a short TTL on a loaded machine expires leases the simulation starves. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(Long.getLong("scale.lease-ttl-seconds", BridgeConfig.LEASE_TTL.defaultValue().toSeconds()));
    private static final int SUBMITS_PER_SECOND = 5;
    private static final Duration SERVICE_LIFETIME = Duration.ofSeconds(30);
    private static final Duration DEATH_EVERY = Duration.ofSeconds(10);

    private final int nodeCount;
    private final Duration duration;
    private final Random random = new Random(42);
    private final Timings placed = new Timings();
    private final Timings rerouted = new Timings();
    private final Timings replaced = new Timings();
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> signalledAt = new ConcurrentHashMap<>();
    /** service -> (node killed, when) while it waits to be handed to another node */
    private final Map<String, Map.Entry<String, Long>> orphanedAt = new ConcurrentHashMap<>();
    private final Map<String, SimulatedNode> nodes = new ConcurrentHashMap<>();

    private ScaleSimulation(int nodeCount, Duration duration)
    {
        this.nodeCount = nodeCount;
        this.duration = duration;
    }

    public static void main(String[] args)
            throws Exception
    {
        List<Integer> sizes = args.length > 0 ? parseSizes(args[0]) : List.of(10, 100, 500);
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        System.out.printf(Locale.ROOT, "bridge scale simulation: %d submits/s, services live %ds, a node killed every %ds and back after %ds, "
                        + "lease TTL %ds, resync %s, %ds per size, %d cores%n", SUBMITS_PER_SECOND, SERVICE_LIFETIME.toSeconds(),
                DEATH_EVERY.toSeconds(), 2 * LEASE_TTL.toSeconds(), LEASE_TTL.toSeconds(), BridgeConfig.RESYNC_INTERVAL.defaultValue(),
                duration.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.println(Row.HEADER);
        for (int size : sizes) {
            System.out.println(new ScaleSimulation(size, duration).run());
        }
    }

    private Row run()
            throws Exception
    {
        try (TestEtcd etcd = TestEtcd.start()) {
            TestCluster cluster = new TestCluster(etcd);
            ClusterMetrics.Sample metricsBefore;
            ClusterMetrics.Sample metricsAfter;
            long cpuBefore;
            long elapsedNanos;
            double schedulerCpu;
            try {
                for (int i = 0; i < nodeCount; i++) {
                    startNode(cluster, nodeName(i));
                }
                awaitMembers(Duration.ofSeconds(60 + nodeCount / 5));
                metricsBefore = ClusterMetrics.read(etcd.endpoint());
                cpuBefore = processCpuNanos();
                long started = System.nanoTime();
                Map<Long, Long> schedulerCpuBefore = SchedulerThreads.cpu();
                drive(cluster, started);
                elapsedNanos = System.nanoTime() - started;
                metricsAfter = ClusterMetrics.read(etcd.endpoint());
                if (Boolean.getBoolean("scale.threads")) {
                    SchedulerThreads.byKind().forEach((kind, nanos) -> System.err.printf(Locale.ROOT, "  %-40s %8.1f s CPU%n", kind, nanos / 1e9));
                }
                schedulerCpu = SchedulerThreads.busiest(schedulerCpuBefore, SchedulerThreads.cpu()) / (double) elapsedNanos;
            }
            finally {
                nodes.values().parallelStream().forEach(SimulatedNode::close);
            }
            double seconds = elapsedNanos / 1e9;
            double jvmCpu = (processCpuNanos() - cpuBefore) / (double) elapsedNanos;
            return new Row(nodeCount, placed, rerouted, replaced, (metricsAfter.writes() - metricsBefore.writes()) / seconds,
                    (metricsAfter.reads() - metricsBefore.reads()) / seconds, metricsAfter.watchers(), (metricsAfter.events() - metricsBefore.events()) / seconds, schedulerCpu, jvmCpu,
                    submittedAt.size() + orphanedAt.size());
        }
    }

    /** The steady stream: submits, removals of old services, node deaths and returns, until the duration is over. */
    private void drive(TestCluster cluster, long started)
            throws InterruptedException
    {
        List<String> live = new ArrayList<>();
        Map<String, Long> liveSince = new ConcurrentHashMap<>();
        Map<String, Long> deadUntil = new ConcurrentHashMap<>();
        long end = started + duration.toNanos();
        long nextDeath = started + DEATH_EVERY.toNanos();
        int serial = 0;
        long tick = TimeUnit.SECONDS.toNanos(1) / SUBMITS_PER_SECOND;
        for (long next = started; System.nanoTime() < end; next += tick) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            SimulatedNode through = anyLiveNode();
            String name = "svc-" + serial++;
            String image = serial % 5 == 0 ? "windows-app" : "linux-app";
            submittedAt.put(name, System.nanoTime());
            through.bridge().submit(List.of(TestCluster.service(name, image, 1)));
            live.add(name);
            liveSince.put(name, System.nanoTime());
            while (!live.isEmpty() && System.nanoTime() - liveSince.get(live.get(0)) > SERVICE_LIFETIME.toNanos()) {
                String old = live.remove(0);
                anyLiveNode().bridge().remove(old);
                submittedAt.remove(old);
                orphanedAt.remove(old);
            }
            if (System.nanoTime() > nextDeath) {
                nextDeath += DEATH_EVERY.toNanos();
                SimulatedNode victim = victim();
                if (victim != null) {
                    long now = System.nanoTime();
                    victim.agent().hosted().forEach(service -> orphanedAt.put(service, Map.entry(victim.name(), now)));
                    victim.bridge().halt();
                    nodes.remove(victim.name());
                    deadUntil.put(victim.name(), now + 2 * LEASE_TTL.toNanos());
                }
            }
            for (Map.Entry<String, Long> dead : List.copyOf(deadUntil.entrySet())) {
                if (System.nanoTime() > dead.getValue()) {
                    deadUntil.remove(dead.getKey());
                    startNode(cluster, dead.getKey());
                }
            }
        }
    }

    private void startNode(TestCluster cluster, String name)
    {
        boolean windows = name.startsWith("win-");
        TestingAgent agent = windows ? TestingAgent.windows(name, TestCluster.REGISTRY) : TestingAgent.linux(name, TestCluster.REGISTRY);
        BridgeConfig config = BridgeConfig.from(cluster.base().with("bridge.node.id", name).with("bridge.etcd.lease-ttl", LEASE_TTL.toSeconds() + "s")
                .with("bridge.etcd.resync-interval", BridgeConfig.RESYNC_INTERVAL.defaultValue().toMillis() + "ms"));
        EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(config);
        SimulatedNode node = new SimulatedNode(name, agent, bridge);
        nodes.put(name, node);
        bridge.start(agent.nodeState(), timed(name, agent));
    }

    private AssignmentHandler timed(String node, TestingAgent agent)
    {
        return new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                String service = assignment.name();
                long now = System.nanoTime();
                Long signalled = signalledAt.remove(service);
                if (signalled != null) {
                    rerouted.add(now - signalled);
                }
                Map.Entry<String, Long> orphaned = orphanedAt.get(service);
                if (orphaned != null && !orphaned.getKey().equals(node) && orphanedAt.remove(service, orphaned)) {
                    replaced.add(now - orphaned.getValue());
                }
                AssignmentOutcome outcome = agent.assigned(assignment);
                if (outcome instanceof AssignmentOutcome.Signalled) {
                    signalledAt.putIfAbsent(service, System.nanoTime());
                }
                else if (outcome instanceof AssignmentOutcome.Running) {
                    Long submitted = submittedAt.remove(service);
                    if (submitted != null) {
                        placed.add(System.nanoTime() - submitted);
                    }
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

    private void awaitMembers(Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (anyLiveNode().bridge().nodes().size() < nodeCount || anyLiveNode().bridge().schedulerNode().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + anyLiveNode().bridge().nodes().size() + " of " + nodeCount + " nodes joined within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private SimulatedNode anyLiveNode()
    {
        List<SimulatedNode> live = List.copyOf(nodes.values());
        return live.get(random.nextInt(live.size()));
    }

    /** A Linux node that hosts something and does not run the scheduler (killing the leader is another test). */
    private SimulatedNode victim()
    {
        List<SimulatedNode> candidates = nodes.values().stream()
                .filter(node -> !node.name().startsWith("win-") && !node.bridge().leading() && !node.agent().hosted().isEmpty())
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static String nodeName(int index)
    {
        return (index % 10 == 9 ? "win-" : "lin-") + index;
    }

    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<Integer> parseSizes(String text)
    {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            sizes.add(Integer.parseInt(part.strip()));
        }
        return sizes;
    }

    private record SimulatedNode(String name, TestingAgent agent, EtcdSchedulerBridge bridge)
    {
        void close()
        {
            bridge.close();
        }
    }
}
