package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPolicyTest
{
    @Test
    void aServiceStopsOnDisconnectUnlessItSaysKeep()
    {
        assertThat(SpecParser.parseService("name: web\nimage: nginx\n").cluster()).isEqualTo(ClusterPolicy.DEFAULT);
        assertThat(ClusterPolicy.DEFAULT.onDisconnect()).isEqualTo(ClusterPolicy.OnDisconnect.STOP);
        assertThat(SpecParser.parseService("name: db\nimage: postgres\ncluster:\n  onDisconnect: keep\n").cluster().onDisconnect())
                .isEqualTo(ClusterPolicy.OnDisconnect.KEEP);
        assertThat(SpecParser.parseService("name: db\nimage: postgres\ncluster: {onDisconnect: stop}\n").cluster().onDisconnect())
                .isEqualTo(ClusterPolicy.OnDisconnect.STOP);
    }

    @Test
    void aWrongValueOrAnUnknownKeyNamesTheField()
    {
        assertThatThrownBy(() -> SpecParser.parseService("name: db\nimage: postgres\ncluster:\n  onDisconnect: pause\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("cluster.onDisconnect")
                .hasMessageContaining("\"pause\" is not one of stop|keep");
        assertThatThrownBy(() -> SpecParser.parseService("name: db\nimage: postgres\ncluster:\n  onDisconect: keep\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("cluster.onDisconect");
        assertThatThrownBy(() -> SpecParser.parseService("name: db\nimage: postgres\ncluster: keep\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("cluster");
    }
}
