package dev.berth.bridge.testing;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ServiceDefinition;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.SpecParser;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Config and specs for in-process cluster tests: several bridges (nodes) on one {@link TestEtcd}, each under its own prefix. */
public final class TestCluster
{
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    /** The fake registry: a Linux image and a Windows image. */
    public static final Map<String, ImagePlatform> REGISTRY = Map.of(
            "linux-app", ImagePlatform.of("linux", "amd64"),
            "windows-app", ImagePlatform.of("windows", "amd64"));

    private final ConfigMap base;

    public TestCluster(TestEtcd etcd)
    {
        this.base = ConfigMap.empty()
                .with("bridge.mode", "etcd")
                .with("bridge.etcd.endpoints", etcd.endpoint())
                .with("bridge.etcd.prefix", "/berth-test-" + PREFIXES.incrementAndGet())
                .with("bridge.etcd.lease-ttl", "2s")
                .with("bridge.etcd.request-timeout", "2s")
                .with("bridge.etcd.connect-timeout", "2s")
                .with("bridge.etcd.resync-interval", "1s");
    }

    public ConfigMap base()
    {
        return base;
    }

    public BridgeConfig config(String nodeId)
    {
        return BridgeConfig.from(base.with("bridge.node.id", nodeId));
    }

    public static ServiceDefinition service(String name, String image, int replicas)
    {
        return ServiceDefinition.parse(SpecParser.tree("name: " + name + "\nimage: " + image + "\nreplicas: " + replicas + "\n"), null);
    }
}
