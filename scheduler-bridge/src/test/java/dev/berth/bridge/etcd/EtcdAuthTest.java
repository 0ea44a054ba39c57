package dev.berth.bridge.etcd;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.AgentError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** etcd with auth enabled: the bridge's user may only touch its prefix. */
class EtcdAuthTest
{
    @Test
    void clusterWorksWithUserAndPasswordAndRefusesAWrongPassword()
    {
        try (TestEtcd etcd = TestEtcd.start()) {
            ConfigMap base = new TestCluster(etcd).base().with("bridge.etcd.user", "berth");
            String prefix = BridgeConfig.from(base).prefix();
            etcd.enableAuth("berth", "s3cret", prefix);

            TestingAgent agent = TestingAgent.linux("authed", REGISTRY);
            try (EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(base.with("bridge.etcd.password", "s3cret")
                    .with("bridge.node.id", "authed")))) {
                bridge.start(agent.nodeState(), agent);
                bridge.submit(List.of(service("web", "linux-app", 1)));
                ClusterService result = bridge.await("web", Duration.ofSeconds(15));
                assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
                assertThat(result.placements()).isEqualTo(Map.of("authed", 1));
                assertThat(bridge.schedulerNode()).contains("authed");
            }

            try (EtcdSchedulerBridge intruder = new EtcdSchedulerBridge(BridgeConfig.from(base.with("bridge.etcd.password", "wrong")
                    .with("bridge.node.id", "intruder").with("bridge.etcd.request-timeout", "1s")))) {
                assertThatThrownBy(intruder::services).isInstanceOf(AgentError.class).hasMessageNotContaining("wrong");
            }
        }
    }
}
