package dev.berth.state;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Configuration;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.core.error.StorageFull;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/** Turns SQLite's failures into AgentErrors that say what the operator can do about them. */
final class StoreErrors
{
    private StoreErrors() {}

    static AgentError translate(Path file, String operation, SQLException e)
    {
        SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (code == SQLiteErrorCode.SQLITE_FULL || text.contains("disk is full") || text.contains("database or disk is full")) {
            return new StorageFull(file.toString(), "the disk holding the state store is full; " + operation
                    + " was not written and the store is unchanged: free space and retry", e, Errno.ENOSPC);
        }
        if (text.contains("disk quota exceeded") || Errno.of(e).stream().anyMatch(Errno::isStorageFull)) {
            return new StorageFull(file.toString(), "the state store's quota is used up; " + operation
                    + " was not written and the store is unchanged: free space or raise the quota and retry", e, Errno.EDQUOT);
        }
        if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT || text.contains("not a database")
                || text.contains("malformed")) {
            return new Configuration("the state store " + file + " is not a readable berth store (" + e.getMessage()
                    + "); it is left untouched: move it aside to start with an empty store", e);
        }
        if (code == SQLiteErrorCode.SQLITE_READONLY || code == SQLiteErrorCode.SQLITE_CANTOPEN || code == SQLiteErrorCode.SQLITE_PERM) {
            return new Configuration("the state store " + file + " cannot be opened for writing (" + e.getMessage() + ")", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY || text.contains("database is locked")) {
            return new Configuration("the state store " + file + " is locked by another process: is another agent using this data dir?", e);
        }
        return new Internal("state store " + file + ": " + operation + " failed: " + e.getMessage(), e);
    }
}
