package dev.berth.state;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Configuration;
import dev.berth.core.event.AgentEvent;
import dev.berth.state.schema.Schema;
import dev.berth.state.schema.SchemaMigrator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's durable local store: services, containers, the composite's ownership record and recent events, in
 * one SQLite file in WAL mode.
 *
 * <p>Crash safety: every write is its own transaction (or one {@link #inTransaction} block) and returns only after
 * SQLite committed it. In WAL mode a commit appends to the WAL; a process killed at any instant leaves either the
 * whole transaction in the WAL or a torn tail that the next open ignores, so a SIGKILL never loses an acknowledged
 * write and never leaves a store that won't open. {@code synchronous=FULL} additionally fsyncs the WAL at every
 * commit, so acknowledged writes also survive a power loss or kernel crash (NORMAL would only risk the last
 * commits there).
 *
 * <p>Cost: each commit is one WAL fsync (0.4 ms on a virtio disk with a write cache, 2-10 ms on a plain disk), so
 * callers commit a whole step (a record, its events, related rows) as one {@link #inTransaction} block, and writes
 * whose loss in a crash is harmless ({@link #deferEvent history}, {@link #forgetOwnerLater a forgotten owner}) ride
 * on the next commit instead of paying their own. {@link #commits()} counts the commits. A write deferred outside a
 * block tells the {@link #addDeferredListener listeners}, so one of them can commit it when no other commit comes.
 *
 * <p>Two connections. Writes (and reads inside an {@link #inTransaction} block, which must see its writes) use the
 * writer under this object's lock: the agent is the store's only writer (the PID marker keeps other agents out, and
 * SQLite's own lock refuses a second writer). Other reads use a reader connection under a lock of its own: in WAL
 * mode a reader sees the last commit and never waits for a writer, so a read ({@code ps}, a name check at the start of
 * every run) does not queue behind a commit's fsync, which takes far longer than 0.4 ms while a burst of container
 * starts keeps the disk busy.
 */
public final class StateStore
        implements AutoCloseable
{
    private static final Logger log = LogManager.getLogger(StateStore.class);
    /** Events beyond this many are dropped, oldest first: the table is recent history, not an audit log. */
    static final int EVENT_HISTORY = 10_000;
    /** Deferred writes beyond this many are dropped (history only: owners are never dropped); see {@link #deferEvent}. */
    static final int DEFERRED_LIMIT = 100_000;

    private final Path file;
    private final Connection connection;
    /** For reads outside this object's lock; used under {@link #readLock}. */
    private final Connection reader;
    private final Object readLock = new Object();
    /** Inside an {@link #inTransaction} block: the first write that failed there, which aborts the whole block. */
    private boolean inBlock;
    private RuntimeException blockFailure;
    /** Writes waiting for the next commit, under a lock of their own (lock order: this, then deferred). */
    private final DeferredWrites deferred = new DeferredWrites(DEFERRED_LIMIT);
    private final List<Runnable> deferredListeners = new CopyOnWriteArrayList<>();
    /** Read without this object's lock: a metrics scrape or a test must not wait behind a commit's fsync. */
    private final AtomicLong commits = new AtomicLong();

    private StateStore(Path file, Connection connection, Connection reader)
    {
        this.file = file;
        this.connection = connection;
        this.reader = reader;
    }

    /** The store file under a data dir. */
    public static Path fileIn(Path dataDir)
    {
        return dataDir.resolve("state").resolve("berth.db");
    }

    /**
     * Opens (creating if needed) the store at {@code file} and migrates it to the current schema.
     *
     * @throws Configuration when the store was written by a newer berth (it is left untouched), is damaged, or
     *         cannot be written
     */
    public static StateStore open(Path file)
    {
        return open(file, Schema.CURRENT);
    }

    /** Opens the store migrated only up to {@code version}: for tests of migrations. */
    static StateStore open(Path file, int version)
    {
        SqliteConnections connections = SqliteConnections.open(file, version);
        return new StateStore(file, connections.writer(), connections.reader());
    }

    public Path file()
    {
        return file;
    }

    public synchronized int schemaVersion()
    {
        return run("reading the schema version", () -> SchemaMigrator.version(connection));
    }

    // services

    public synchronized void putService(ServiceRecord service)
    {
        write("writing service " + service.name(), ServiceRows.UPSERT, statement -> ServiceRows.bind(statement, service));
    }

    public Optional<ServiceRecord> service(String name)
    {
        return query("reading service " + name, "SELECT * FROM services WHERE name = ?", statement -> statement.setString(1, name), ServiceRows::read)
                .stream().findFirst();
    }

    public List<ServiceRecord> services()
    {
        return query("reading services", "SELECT * FROM services ORDER BY name", statement -> {}, ServiceRows::read);
    }

    /** Removes the service with its revisions and its last rolling update. */
    public synchronized void removeService(String name)
    {
        inTransaction(() -> {
            write("removing service " + name, "DELETE FROM services WHERE name = ?", statement -> statement.setString(1, name));
            write("removing the revisions of " + name, "DELETE FROM service_revisions WHERE service = ?", statement -> statement.setString(1, name));
            write("removing the rollout of " + name, "DELETE FROM rollouts WHERE service = ?", statement -> statement.setString(1, name));
        });
    }

    // revisions and rolling updates

    /** Keeps {@code revision}, and forgets those {@value RolloutRows#KEPT_REVISIONS} or more before it. */
    public synchronized void putRevision(ServiceRevision revision)
    {
        inTransaction(() -> {
            write("writing revision " + revision.revision() + " of " + revision.service(), RolloutRows.UPSERT_REVISION,
                    statement -> RolloutRows.bind(statement, revision));
            write("pruning the revisions of " + revision.service(), "DELETE FROM service_revisions WHERE service = ? AND revision <= ?", statement -> {
                statement.setString(1, revision.service());
                statement.setLong(2, revision.revision() - RolloutRows.KEPT_REVISIONS);
            });
        });
    }

    public Optional<ServiceRevision> revision(String service, long revision)
    {
        return query("reading revision " + revision + " of " + service, "SELECT * FROM service_revisions WHERE service = ? AND revision = ?", statement -> {
            statement.setString(1, service);
            statement.setLong(2, revision);
        }, RolloutRows::readRevision).stream().findFirst();
    }

    public synchronized void putRollout(Rollout rollout)
    {
        write("writing the rollout of " + rollout.service(), RolloutRows.UPSERT, statement -> RolloutRows.bind(statement, rollout));
    }

    public Optional<Rollout> rollout(String service)
    {
        return query("reading the rollout of " + service, "SELECT * FROM rollouts WHERE service = ?", statement -> statement.setString(1, service),
                RolloutRows::read).stream().findFirst();
    }

    public List<Rollout> rollouts()
    {
        return query("reading rollouts", "SELECT * FROM rollouts ORDER BY service", statement -> {}, RolloutRows::read);
    }

    // containers

    public synchronized void putContainer(ContainerRecord container)
    {
        write("writing container " + container.id(), ContainerRows.UPSERT, statement -> ContainerRows.bind(statement, container));
    }

    public Optional<ContainerRecord> container(String id)
    {
        return query("reading container " + id, "SELECT * FROM containers WHERE id = ?", statement -> statement.setString(1, id), ContainerRows::read)
                .stream().findFirst();
    }

    public List<ContainerRecord> containers()
    {
        return query("reading containers", "SELECT * FROM containers ORDER BY service, replica", statement -> {}, ContainerRows::read);
    }

    public List<ContainerRecord> containersOf(String service)
    {
        return query("reading containers of " + service, "SELECT * FROM containers WHERE service = ? ORDER BY replica",
                statement -> statement.setString(1, service), ContainerRows::read);
    }

    public synchronized void removeContainer(String id)
    {
        write("removing container " + id, "DELETE FROM containers WHERE id = ?", statement -> statement.setString(1, id));
    }

    // ownership (see StoredOwnershipStore)

    public synchronized void recordOwner(String containerId, String backend)
    {
        write("recording the owner of " + containerId, "INSERT OR REPLACE INTO ownership (container_id, backend) VALUES (?, ?)", statement -> {
            statement.setString(1, containerId);
            statement.setString(2, backend);
        });
    }

    public synchronized void forgetOwner(String containerId)
    {
        write("forgetting the owner of " + containerId, "DELETE FROM ownership WHERE container_id = ?", statement -> statement.setString(1, containerId));
    }

    /**
     * Forgets the owner of {@code containerId} with the next commit rather than in a commit of its own. For a container
     * its backend has already removed: a crash before that commit leaves a stale record, naming a backend that does not
     * know the container, which the composite runtime recognizes and forgets. {@link #owners()} no longer lists it.
     *
     * <p>Called by the composite runtime when a backend removed a container, never inside an {@link #inTransaction}
     * block: nobody calls a runtime inside a store block, which would take the ownership store's lock under this
     * object's, the reverse of the order the composite takes them in.
     */
    public void forgetOwnerLater(String containerId)
    {
        requireNonNull(containerId, "containerId is null");
        defer(new DeferredWrite.ForgetOwner(containerId));
    }

    public synchronized Map<String, String> owners()
    {
        Map<String, String> owners = new LinkedHashMap<>();
        query("reading the ownership record", "SELECT container_id, backend FROM ownership ORDER BY container_id", statement -> {},
                row -> owners.put(row.getString(1), row.getString(2)));
        owners.keySet().removeAll(deferred.forgottenOwners());
        return Map.copyOf(owners);
    }

    // events

    /**
     * Keeps {@code event} in the history with a commit of its own: the cost {@link #deferEvent} avoids, kept as the
     * baseline of the JMH StateStoreBenchmark.
     */
    public synchronized void appendEvent(AgentEvent event)
    {
        inTransaction(() -> {
            insertEvent(event);
            pruneEvents();
        });
    }

    /**
     * Keeps {@code event} in the history with the next commit (of any writer) rather than in a commit of its own: the
     * history is not state, and a crash before that commit loses only the entry. Inside an {@link #inTransaction}
     * block it is written in that block. {@link #flush()} commits what waits.
     */
    public void deferEvent(AgentEvent event)
    {
        requireNonNull(event, "event is null");
        if (inOwnBlock()) {
            insertEvent(event);
            pruneEvents();
            return;
        }
        defer(new DeferredWrite.Event(event));
    }

    /**
     * Calls {@code listener} after each write deferred to the next commit (on the deferring thread, without this
     * object's lock), so it can schedule a {@link #flush()} for when no other commit comes. It must return at once.
     */
    public void addDeferredListener(Runnable listener)
    {
        deferredListeners.add(requireNonNull(listener, "listener is null"));
    }

    public void removeDeferredListener(Runnable listener)
    {
        deferredListeners.remove(listener);
    }

    private void defer(DeferredWrite write)
    {
        deferred.add(write);
        for (Runnable listener : deferredListeners) {
            try {
                listener.run();
            }
            catch (RuntimeException e) {
                log.warn("a listener of deferred writes to {} failed: {}", file, e.getMessage());
            }
        }
    }

    /** Whether writes wait for the next commit. */
    public boolean hasDeferred()
    {
        return !deferred.isEmpty();
    }

    /** Commits the deferred writes now, if any wait. */
    public synchronized void flush()
    {
        if (hasDeferred()) {
            inTransaction(() -> {});
        }
    }

    /** Whether the calling thread is inside its own {@link #inTransaction} block. */
    private boolean inOwnBlock()
    {
        // inBlock is only ever true while its block's thread holds this object's lock
        return Thread.holdsLock(this) && inBlock;
    }

    /**
     * Transactions committed since the store was opened (each one WAL fsync), so what a caller's batching saves can be
     * counted. Does not wait for a commit in progress.
     */
    public long commits()
    {
        return commits.get();
    }

    /** The latest {@code limit} events, oldest first. */
    public List<AgentEvent> recentEvents(int limit)
    {
        List<AgentEvent> events = new ArrayList<>(query("reading events", "SELECT * FROM events ORDER BY seq DESC LIMIT ?",
                statement -> statement.setInt(1, limit), EventRows::read));
        java.util.Collections.reverse(events);
        return List.copyOf(events);
    }

    /**
     * Runs {@code work} as one transaction: all of its writes are committed together, or none is. Whatever
     * {@code work} throws, an {@link Error} included, rolls the transaction back and is rethrown.
     */
    public synchronized void inTransaction(Runnable work)
    {
        if (inBlock) {
            work.run();
            return;
        }
        // BEGIN and COMMIT as plain statements: the driver's own commit() reports a commit that failed for lack of
        // space (SQLite then rolls back by itself) as "cannot commit - no transaction is active", hiding ENOSPC
        run("starting a transaction", () -> execute("BEGIN IMMEDIATE"));
        inBlock = true;
        blockFailure = null;
        List<DeferredWrite> riding = deferred.drain();
        boolean committed = false;
        try {
            writeDeferred(riding);
            work.run();
            if (blockFailure != null) {
                // a write failed and its caller went on: SQLite may already have rolled the block back (it does on a
                // full disk), and committing the rest would not be "all or none" anyway
                throw blockFailure;
            }
            inBlock = false;
            run("committing a transaction", () -> execute("COMMIT"));
            committed = true;
            commits.incrementAndGet();
        }
        catch (RuntimeException e) {
            throw blockFailure != null ? blockFailure : e;
        }
        finally {
            inBlock = false;
            blockFailure = null;
            if (!committed) {
                // whatever was thrown (an Error too): an open transaction would make every later BEGIN fail
                rollbackQuietly();
                // they wait for the next commit, still ahead of anything deferred since
                deferred.restore(riding);
            }
        }
    }

    private void writeDeferred(List<DeferredWrite> writes)
    {
        boolean events = false;
        for (DeferredWrite write : writes) {
            if (write instanceof DeferredWrite.Event event) {
                insertEvent(event.event());
                events = true;
            }
            else if (write instanceof DeferredWrite.ForgetOwner forget) {
                forgetOwner(forget.containerId());
            }
        }
        if (events) {
            pruneEvents();
        }
    }

    private void insertEvent(AgentEvent event)
    {
        update("recording an event", EventRows.INSERT, statement -> EventRows.bind(statement, event));
    }

    private void pruneEvents()
    {
        update("pruning events", "DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - " + EVENT_HISTORY, statement -> {});
    }

    private Void execute(String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    @Override
    public synchronized void close()
    {
        try {
            if (!connection.isClosed()) {
                flush();
            }
        }
        catch (RuntimeException | SQLException e) {
            log.warn("deferred writes (history, forgotten owners) not written to {}: {}", file, e.getMessage());
        }
        try {
            if (!connection.isClosed()) {
                connection.close();
            }
            synchronized (readLock) {
                reader.close();
            }
        }
        catch (SQLException e) {
            log.warn("closing the state store {} failed: {}", file, e.getMessage());
        }
    }

    private interface Binder
    {
        void bind(PreparedStatement statement)
                throws SQLException;
    }

    private interface RowReader<T>
    {
        T read(ResultSet row)
                throws SQLException;
    }

    private interface SqlWork<T>
    {
        T run()
                throws SQLException;
    }

    private <T> T run(String operation, SqlWork<T> work)
    {
        try {
            return work.run();
        }
        catch (SQLException e) {
            RuntimeException error = StoreErrors.translate(file, operation, e);
            if (inBlock && blockFailure == null && Thread.holdsLock(this)) {
                blockFailure = error;
            }
            throw error;
        }
    }

    private void rollbackQuietly()
    {
        try {
            execute("ROLLBACK");
        }
        catch (SQLException e) {
            // SQLite rolls a transaction back by itself on some errors (a full disk); nothing is left to undo
            log.debug("rollback of {} found nothing to undo: {}", file, e.getMessage());
        }
    }

    /** One write: inside a block it joins it; else it is a transaction of its own, carrying any deferred writes. */
    private void write(String operation, String sql, Binder binder)
    {
        if (inBlock) {
            update(operation, sql, binder);
        }
        else {
            inTransaction(() -> update(operation, sql, binder));
        }
    }

    private void update(String operation, String sql, Binder binder)
    {
        run(operation, () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** A read: on the writer inside this object's lock (a block must see its own writes), else on the reader. */
    private <T> List<T> query(String operation, String sql, Binder binder, RowReader<T> reader)
    {
        if (Thread.holdsLock(this)) {
            return query(connection, operation, sql, binder, reader);
        }
        synchronized (readLock) {
            return query(this.reader, operation, sql, binder, reader);
        }
    }

    private <T> List<T> query(Connection on, String operation, String sql, Binder binder, RowReader<T> reader)
    {
        return run(operation, () -> {
            List<T> rows = new ArrayList<>();
            try (PreparedStatement statement = on.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(reader.read(row));
                    }
                }
            }
            return rows;
        });
    }
}
