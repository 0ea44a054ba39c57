package dev.berth.state.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.Configuration;
import dev.berth.state.StateStore;
import dev.berth.state.StateStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;

class SchemaVersionTest
{
    @TempDir
    Path dataDir;

    @Test
    void storeFromNewerVersionIsRefusedAndLeftUntouched()
            throws Exception
    {
        Path file = StateStore.fileIn(dataDir);
        StateStore.open(file).close();
        int newer = Schema.CURRENT + 1;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE schema_version SET version = " + newer + ", written_by = '9.9.9'");
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> StateStore.open(file))
                .isInstanceOfSatisfying(Configuration.class, error -> assertThat(error.getMessage())
                        .contains("schema version " + newer)
                        .contains("berth 9.9.9")
                        .contains("up to version " + Schema.CURRENT)
                        .contains("left untouched"));
        assertThat(Arrays.equals(Files.readAllBytes(file), before)).as("store bytes unchanged").isTrue();
    }

    @Test
    void storeAtVersionOneIsMigratedKeepingItsRecords()
            throws Exception
    {
        Path file = StateStore.fileIn(dataDir);
        StateStores.openAt(file, 1).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO services VALUES ('web', '{\"name\":\"web\"}', 1, 0, 1000)");
            statement.execute("INSERT INTO containers (id, service, replica, backend, state, image, oom_killed, restart_count, created, "
                    + "log_path, bundle_path, stopped_by_user, exit_code) VALUES ('web.1', 'web', 1, 'youki', 'EXITED', 'busybox', 0, 2, 1000, "
                    + "'/l', '/b', 0, 3)");
            statement.execute("INSERT INTO ownership VALUES ('web.1', 'youki')");
        }

        try (StateStore store = StateStore.open(file)) {
            assertThat(store.schemaVersion()).isEqualTo(Schema.CURRENT);
            assertThat(store.service("web")).isPresent();
            var container = store.container("web.1").orElseThrow();
            assertThat(container.restartCount()).isEqualTo(2);
            assertThat(container.exitCode()).hasValue(3);
            assertThat(container.restartTimes()).isEmpty();
            assertThat(container.health()).isEqualTo("NONE");
            assertThat(store.owners()).containsEntry("web.1", "youki");
        }
    }

    @Test
    void fileThatIsNotAStoreIsAClearConfigurationError()
            throws Exception
    {
        Path file = StateStore.fileIn(dataDir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "this is not sqlite, it is a text file that is long enough to have a header".repeat(10));
        assertThatThrownBy(() -> StateStore.open(file))
                .isInstanceOf(Configuration.class)
                .hasMessageContaining(file.toString());
    }
}
