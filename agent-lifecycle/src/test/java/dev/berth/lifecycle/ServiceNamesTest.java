package dev.berth.lifecycle;

import static dev.berth.lifecycle.testing.LifecycleHarness.document;
import static dev.berth.lifecycle.testing.LifecycleHarness.documents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import dev.berth.lifecycle.testing.LifecycleHarness;
import dev.berth.lifecycle.testing.TestingLifecycleBackend;
import dev.berth.state.ContainerRecord;
import dev.berth.state.ServiceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Replica ids are SERVICE.N, and a service name may end in .N itself (python3.11): a new service whose name reads as a
 * replica of another, or whose replicas would read as another service, is refused; a pair made before that (by an
 * earlier version) is refused by name rather than guessed at, and each of its containers stays reachable by its id.
 */
class ServiceNamesTest
{
    @TempDir
    Path dataDir;

    LifecycleHarness harness;

    @BeforeEach
    void start()
    {
        harness = new LifecycleHarness(dataDir, new TestingLifecycleBackend(), LifecycleHarness.FAST);
    }

    @AfterEach
    void close()
    {
        harness.close();
    }

    @Test
    void aNewServiceThatReadsAsAReplicaOfAnotherIsRefused()
    {
        harness.manager().deploy(documents("{name: a, image: busybox:test, args: [sleep, '60']}"));

        assertThatThrownBy(() -> harness.manager().run(document("{name: a.1, image: busybox:test}")))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("name: \"a.1\" reads as replica 1 of the service \"a\"; choose another name, such as a-1");
        assertThatThrownBy(() -> harness.manager().deploy(documents("{name: a.2, image: busybox:test}")))
                .hasMessageContaining("\"a.2\" reads as replica 2 of the service \"a\"");
        assertThat(harness.store().service("a.1")).isEmpty();
        assertThat(harness.store().service("a.2")).isEmpty();
    }

    @Test
    void aNewServiceWhoseReplicasWouldReadAsAnotherServiceIsRefused()
    {
        harness.manager().deploy(documents("{name: python3.11, image: busybox:test, args: [sleep, '60']}"));

        assertThatThrownBy(() -> harness.manager().deploy(documents("{name: python3, image: busybox:test, replicas: 2}")))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("the replicas of \"python3\" would be named like the service \"python3.11\"");
        assertThatThrownBy(() -> harness.manager().deploy(documents("- {name: b, image: busybox:test}\n- {name: b.1, image: busybox:test}\n")))
                .hasMessageContaining("\"b.1\" reads as replica 1 of the service \"b\"");
        assertThat(harness.store().service("python3")).isEmpty();
        assertThat(harness.store().service("b")).isEmpty();
        // a service on record is deployed again as before
        harness.manager().deploy(documents("{name: python3.11, image: busybox:test, args: [sleep, '60'], replicas: 2}"));
        assertThat(harness.store().containersOf("python3.11")).hasSize(2);
    }

    @Test
    void aPairMadeBeforeIsRefusedByNameAndEachContainerStaysReachableByItsId()
    {
        harness.manager().deploy(documents("{name: x, image: busybox:test, args: [sleep, '60']}"));
        // what an earlier version let in: the service x.1, whose container is x.1.1
        harness.store().putService(new ServiceRecord("x.1", "{\"name\":\"x.1\",\"image\":\"busybox:test\"}", 1, false, Instant.now()));
        harness.store().putContainer(ContainerRecord.pending("x.1.1", "x.1", 1, "busybox:test", "NONE", dataDir.resolve("x.1.1").toString()));

        assertThatThrownBy(() -> harness.manager().remove("x.1", true))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("'x.1' is both replica 1 of the service 'x' and the service 'x.1' (containers x.1.1)");
        assertThatThrownBy(() -> harness.manager().stop("x.1", Optional.empty())).hasMessageContaining("is both");
        assertThat(harness.store().container("x.1")).as("nothing was removed on a guess").isPresent();

        harness.manager().remove("x.1.1", true);
        assertThat(harness.store().service("x.1")).isEmpty();
        assertThat(harness.manager().inspect("x.1").service()).isEqualTo("x");
    }
}
