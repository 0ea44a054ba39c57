package dev.berth.state.schema;

import java.util.List;

/**
 * Every version of the store's schema, oldest first. A migration is never edited once released: a change is a new
 * migration appended here. Timestamps are epoch milliseconds; booleans are 0/1.
 */
public final class Schema
{
    private Schema() {}

    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "services, containers and the ownership record", List.of(
                    """
                    CREATE TABLE services (
                        name TEXT PRIMARY KEY,
                        document TEXT NOT NULL,
                        replicas INTEGER NOT NULL,
                        stopped_by_user INTEGER NOT NULL,
                        updated INTEGER NOT NULL)""",
                    """
                    CREATE TABLE containers (
                        id TEXT PRIMARY KEY,
                        service TEXT NOT NULL,
                        replica INTEGER NOT NULL,
                        backend TEXT NOT NULL,
                        state TEXT NOT NULL,
                        image TEXT NOT NULL,
                        image_digest TEXT,
                        pid INTEGER,
                        exit_code INTEGER,
                        oom_killed INTEGER NOT NULL,
                        failure TEXT,
                        restart_count INTEGER NOT NULL,
                        created INTEGER NOT NULL,
                        started INTEGER,
                        finished INTEGER,
                        log_path TEXT NOT NULL,
                        bundle_path TEXT NOT NULL,
                        stopped_by_user INTEGER NOT NULL)""",
                    "CREATE INDEX containers_by_service ON containers (service, replica)",
                    """
                    CREATE TABLE ownership (
                        container_id TEXT PRIMARY KEY,
                        backend TEXT NOT NULL)""")),
            new Migration(2, "restart timers, health and event history", List.of(
                    "ALTER TABLE containers ADD COLUMN restart_times TEXT NOT NULL DEFAULT '[]'",
                    "ALTER TABLE containers ADD COLUMN next_restart_at INTEGER",
                    "ALTER TABLE containers ADD COLUMN health TEXT NOT NULL DEFAULT 'NONE'",
                    """
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        time INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        attributes TEXT NOT NULL)""")),
            new Migration(3, "start phases and GPU assignments of containers", List.of(
                    "ALTER TABLE containers ADD COLUMN start_phases TEXT NOT NULL DEFAULT '{}'",
                    "ALTER TABLE containers ADD COLUMN gpu TEXT")),
            new Migration(4, "service revisions and rolling updates", List.of(
                    """
                    CREATE TABLE service_revisions (
                        service TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        document TEXT NOT NULL,
                        created INTEGER NOT NULL,
                        PRIMARY KEY (service, revision))""",
                    """
                    CREATE TABLE rollouts (
                        service TEXT PRIMARY KEY,
                        from_revision INTEGER NOT NULL,
                        to_revision INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        replaced INTEGER NOT NULL,
                        total INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        replicas TEXT NOT NULL,
                        updated INTEGER NOT NULL)""")));

    /** The version this build writes. */
    public static final int CURRENT = MIGRATIONS.get(MIGRATIONS.size() - 1).version();
}
