package dev.berth.bridge.etcd;

import static dev.berth.bridge.testing.TestCluster.REGISTRY;
import static dev.berth.bridge.testing.TestCluster.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.bridge.BridgeConfig;
import dev.berth.bridge.ClusterService;
import dev.berth.bridge.ServicePhase;
import dev.berth.bridge.testing.TestCertificates;
import dev.berth.bridge.testing.TestCluster;
import dev.berth.bridge.testing.TestEtcd;
import dev.berth.bridge.testing.TestingAgent;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** etcd with TLS and client-certificate auth, certificates made by openssl at test time. */
class EtcdTlsTest
{
    @Test
    void clusterWorksOverTlsWithClientCertificates(@TempDir Path directory)
    {
        TestCertificates certificates = TestCertificates.create(directory.resolve("pki"));
        try (TestEtcd etcd = TestEtcd.startTls(certificates)) {
            assertThat(etcd.endpoint()).startsWith("https://");
            ConfigMap tls = new TestCluster(etcd).base()
                    .with("bridge.etcd.tls.ca", certificates.ca().toString())
                    .with("bridge.etcd.tls.cert", certificates.clientCert().toString())
                    .with("bridge.etcd.tls.key", certificates.clientKey().toString());
            TestingAgent agent = TestingAgent.linux("secure", REGISTRY);
            try (EtcdSchedulerBridge bridge = new EtcdSchedulerBridge(BridgeConfig.from(tls.with("bridge.node.id", "secure")))) {
                bridge.start(agent.nodeState(), agent);
                bridge.submit(List.of(service("web", "linux-app", 1)));
                ClusterService result = bridge.await("web", Duration.ofSeconds(15));
                assertThat(result.phase()).as(result.message()).isEqualTo(ServicePhase.RUNNING);
                assertThat(result.placements()).isEqualTo(Map.of("secure", 1));
                assertThat(agent.running("web")).isEqualTo(1);
            }

            ConfigMap withoutClientCert = new TestCluster(etcd).base()
                    .with("bridge.etcd.tls.ca", certificates.ca().toString())
                    .with("bridge.etcd.request-timeout", "1s")
                    .with("bridge.node.id", "stranger");
            try (EtcdSchedulerBridge stranger = new EtcdSchedulerBridge(BridgeConfig.from(withoutClientCert))) {
                assertThatThrownBy(stranger::services).isInstanceOf(AgentError.class);
            }
        }
    }

    @Test
    void httpsEndpointWithoutCaIsAConfigurationError()
    {
        BridgeConfig config = BridgeConfig.from(ConfigMap.empty().with("bridge.mode", "etcd").with("bridge.node.id", "n")
                .with("bridge.etcd.endpoints", "https://127.0.0.1:2379"));
        assertThatThrownBy(() -> new EtcdSchedulerBridge(config))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining("bridge.etcd.tls.ca");
    }
}
