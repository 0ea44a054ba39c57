package dev.berth.state;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** A store whose file system cannot do WAL is refused, not silently run in rollback-journal mode. */
class SqliteConnectionsTest
{
    private static final Path FILE = Path.of("/var/lib/berth/state/berth.db");

    @Test
    void walIsAccepted()
    {
        assertThatCode(() -> SqliteConnections.requireWal(FILE, "wal")).doesNotThrowAnyException();
    }

    @Test
    void anyOtherModeIsAConfigurationErrorNamingTheFileAndTheMode()
    {
        assertThatThrownBy(() -> SqliteConnections.requireWal(FILE, "delete"))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("'delete'");
        assertThatThrownBy(() -> SqliteConnections.requireWal(FILE, null))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining(FILE.toString());
    }
}
