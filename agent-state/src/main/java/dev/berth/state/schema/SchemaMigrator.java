package dev.berth.state.schema;

import dev.berth.core.error.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a store to a schema version, one migration per transaction, and refuses a store written by a newer
 * version before writing anything to it. The version lives in the single-row table {@code schema_version}.
 */
public final class SchemaMigrator
{
    private static final Logger log = LogManager.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /** The store's version, 0 for a new store. Reads only. */
    public static int version(Connection connection)
            throws SQLException
    {
        try (Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (!tables.next()) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version FROM schema_version")) {
            return row.next() ? row.getInt(1) : 0;
        }
    }

    /** @throws Configuration when the store is newer than {@code supported}, naming both versions */
    public static void refuseNewer(Connection connection, Path file, int supported)
            throws SQLException
    {
        int found = version(connection);
        if (found > supported) {
            String writer = writtenBy(connection);
            throw new Configuration(String.format(
                    "the state store %s has schema version %d (written by berth %s), but this berth understands up to version %d; "
                            + "it is left untouched: run a berth at least as new as the one that wrote it, or use another data dir",
                    file, found, writer, supported));
        }
    }

    /** Applies the migrations above the store's version up to {@code target}, each in its own transaction. */
    public static void migrate(Connection connection, Path file, List<Migration> migrations, int target, String writer)
            throws SQLException
    {
        refuseNewer(connection, file, target);
        int current = version(connection);
        for (Migration migration : migrations) {
            if (migration.version() <= current || migration.version() > target) {
                continue;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, written_by TEXT NOT NULL)");
                statement.execute("DELETE FROM schema_version");
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO schema_version (version, written_by) VALUES (?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, writer);
                    insert.executeUpdate();
                }
                connection.commit();
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(autoCommit);
            }
            log.info("state store {} migrated to schema version {}: {}", file, migration.version(), migration.description());
        }
    }

    private static String writtenBy(Connection connection)
    {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT written_by FROM schema_version")) {
            return row.next() ? row.getString(1) : "unknown";
        }
        catch (SQLException e) {
            return "unknown";
        }
    }
}
