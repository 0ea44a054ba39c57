package dev.berth.node.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
}
