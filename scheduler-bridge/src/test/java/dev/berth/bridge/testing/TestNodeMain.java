package dev.berth.bridge.testing;

import dev.berth.bridge.Assignment;
import dev.berth.bridge.AssignmentHandler;
import dev.berth.bridge.AssignmentOutcome;
import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.etcd.EtcdSchedulerBridge;
import dev.berth.core.config.ConfigMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeMap;

/**
 * One cluster node as its own process, for multi-process tests: an etcd bridge and a {@link TestingAgent}. After every
 * change it writes what runs here to {@code STATUS_DIR/NODE.running} ({@code service=count} lines), so the test can
 * see the containers of a process it may SIGKILL. Arguments: node id, linux|windows, etcd endpoint, key prefix,
 * status dir.
 */
public final class TestNodeMain
{
    private TestNodeMain() {}

    public static void main(String[] args)
            throws Exception
    {
        String nodeId = args[0];
        TestingAgent agent = args[1].equals("windows") ? TestingAgent.windows(nodeId, TestCluster.REGISTRY) : TestingAgent.linux(nodeId, TestCluster.REGISTRY);
        Path status = Path.of(args[4]).resolve(nodeId + ".running");
        BridgeConfig config = BridgeConfig.from(ConfigMap.empty().with("bridge.mode", "etcd").with("bridge.node.id", nodeId)
                .with("bridge.etcd.endpoints", args[2]).with("bridge.etcd.prefix", args[3]).with("bridge.etcd.lease-ttl", "2s")
                .with("bridge.etcd.request-timeout", "2s").with("bridge.etcd.resync-interval", "1s"));
        EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(config);
        write(status, agent);
        bridge.start(agent.nodeState(), new AssignmentHandler()
        {
            @Override
            public AssignmentOutcome assigned(Assignment assignment)
            {
                AssignmentOutcome outcome = agent.assigned(assignment);
                write(status, agent);
                return outcome;
            }

            @Override
            public void unassigned(String service)
            {
                agent.unassigned(service);
                write(status, agent);
            }

            @Override
            public Set<String> hosted()
            {
                return agent.hosted();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(bridge::close));
        Thread.currentThread().join();
    }

    private static void write(Path status, TestingAgent agent)
    {
        TreeMap<String, Integer> running = new TreeMap<>();
        agent.hosted().forEach(service -> running.put(service, agent.running(service)));
        StringBuilder text = new StringBuilder();
        running.forEach((service, count) -> text.append(service).append('=').append(count).append('\n'));
        try {
            Path temp = status.resolveSibling(status.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, status, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
