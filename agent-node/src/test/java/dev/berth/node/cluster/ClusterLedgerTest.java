package dev.berth.node.cluster;

import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterLedgerTest
{
    @TempDir
    Path dataDir;

    @Test
    void namesSurviveARestartAndRemovedOnesStayRemoved()
            throws Exception
    {
        ClusterLedger ledger = new ClusterLedger(dataDir);
        assertThat(ledger.names()).isEmpty();
        ledger.add("web");
        ledger.add("db");
        ledger.add("web");
        ledger.remove("db");

        ClusterLedger reopened = new ClusterLedger(dataDir);
        assertThat(reopened.names()).containsExactly("web");
        assertThat(Files.readString(dataDir.resolve(ClusterLedger.FILE))).isEqualTo("web\n");
        assertThat(dataDir.resolve(ClusterLedger.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void aServiceKeptOnDisconnectIsRememberedAcrossARestartUntilItIsAddedWithoutOrRemoved()
            throws Exception
    {
        ClusterLedger ledger = new ClusterLedger(dataDir);
        ledger.add("db", true);
        ledger.add("web");
        assertThat(Files.readString(dataDir.resolve(ClusterLedger.FILE))).isEqualTo("db keep\nweb\n");

        ClusterLedger reopened = new ClusterLedger(dataDir);
        assertThat(reopened.names()).containsExactlyInAnyOrder("db", "web");
        assertThat(reopened.keeps("db")).isTrue();
        assertThat(reopened.keeps("web")).isFalse();
        reopened.add("db", false);
        assertThat(new ClusterLedger(dataDir).keeps("db")).isFalse();
        reopened.add("db", true);
        reopened.remove("db");
        assertThat(new ClusterLedger(dataDir).keeps("db")).isFalse();
    }

    @Test
    void aLineThatIsNotANameAndKeepIsRefusedNamingTheFile()
            throws Exception
    {
        Files.writeString(dataDir.resolve(ClusterLedger.FILE), "web\ndb stop\n");
        assertThatThrownBy(() -> new ClusterLedger(dataDir))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining(ClusterLedger.FILE)
                .hasMessageContaining("\"db stop\" is not a service name, optionally followed by keep");
    }
}
