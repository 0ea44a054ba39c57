package dev.berth.state;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.Errno;
import dev.berth.core.error.StorageFull;
import dev.berth.state.schema.Schema;
import dev.berth.state.schema.SchemaMigrator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store file's two connections, opened and migrated: the writer (WAL, {@code synchronous=FULL}, foreign keys)
 * and a read-only reader. See {@link StateStore} for why there are two.
 */
record SqliteConnections(Connection writer, Connection reader)
{
    private static final Logger log = LogManager.getLogger(SqliteConnections.class);

    /**
     * Opens (creating if needed) the store at {@code file} and migrates it to schema {@code version}.
     *
     * @throws Configuration when the store was written by a newer berth (it is left untouched), is damaged, or
     *         cannot be written
     */
    static SqliteConnections open(Path file, int version)
    {
        requireNonNull(file, "file is null");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        catch (IOException e) {
            if (Errno.of(e).stream().anyMatch(Errno::isStorageFull)) {
                throw new StorageFull(file.getParent().toString(), "the state directory cannot be created: " + e.getMessage(), e);
            }
            throw new Configuration("cannot create the state directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        Connection writer = null;
        Connection reader = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(5_000);
            writer = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            // Read the version before anything that could write: a newer store must stay byte-for-byte untouched.
            SchemaMigrator.refuseNewer(writer, file, version);
            try (Statement statement = writer.createStatement()) {
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode=WAL")) {
                    requireWal(file, mode.next() ? mode.getString(1) : null);
                }
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
            }
            SchemaMigrator.migrate(writer, file, Schema.MIGRATIONS, version, writerVersion());
            reader = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = reader.createStatement()) {
                statement.execute("PRAGMA query_only=ON");
            }
            log.debug("state store {} open at schema version {}", file, version);
            return new SqliteConnections(writer, reader);
        }
        catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw StoreErrors.translate(file, "opening", e);
        }
        catch (RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e;
        }
    }

    /**
     * Refuses a store whose file is not in WAL mode: SQLite answers {@code journal_mode=WAL} with the mode it is in,
     * and stays in its rollback journal where the file system cannot do WAL (no shared memory, as on some network
     * file systems). There the reader connection would block commits, and a crash's guarantees differ.
     *
     * @param mode what the pragma returned; null when it returned nothing
     */
    static void requireWal(Path file, String mode)
    {
        if (!"wal".equalsIgnoreCase(mode)) {
            throw new Configuration("the state store " + file + " cannot use WAL mode: SQLite kept journal mode '" + mode
                    + "'; put the data dir on a local file system");
        }
    }

    /** The berth version recorded with each migration. */
    private static String writerVersion()
    {
        String version = StateStore.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static void closeQuietly(Connection connection)
    {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }
}
