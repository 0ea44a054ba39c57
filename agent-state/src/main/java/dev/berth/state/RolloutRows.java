package dev.berth.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The mapping of {@link Rollout} and {@link ServiceRevision} to their rows. Replicas are kept as {@code 1=3,2=3}. */
final class RolloutRows
{
    static final String UPSERT = "INSERT OR REPLACE INTO rollouts (service, from_revision, to_revision, state, replaced, total, reason, replicas, updated) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPSERT_REVISION = "INSERT OR REPLACE INTO service_revisions (service, revision, document, created) VALUES (?, ?, ?, ?)";
    /** How many revisions of a service are kept: the current one and those before it. */
    static final int KEPT_REVISIONS = 10;

    private RolloutRows() {}

    static void bind(PreparedStatement statement, Rollout rollout)
            throws SQLException
    {
        statement.setString(1, rollout.service());
        statement.setLong(2, rollout.from());
        statement.setLong(3, rollout.to());
        statement.setString(4, rollout.state().name());
        statement.setInt(5, rollout.replaced());
        statement.setInt(6, rollout.total());
        statement.setString(7, rollout.reason());
        statement.setString(8, new TreeMap<>(rollout.replicas()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(",")));
        statement.setLong(9, rollout.updated().toEpochMilli());
    }

    static Rollout read(ResultSet row)
            throws SQLException
    {
        Map<Integer, Long> replicas = new TreeMap<>();
        String text = row.getString("replicas");
        if (!text.isEmpty()) {
            for (String entry : text.split(",")) {
                String[] pair = entry.split("=", 2);
                replicas.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
            }
        }
        return new Rollout(row.getString("service"), row.getLong("from_revision"), row.getLong("to_revision"),
                Rollout.State.valueOf(row.getString("state")), row.getInt("replaced"), row.getInt("total"), row.getString("reason"),
                replicas, Instant.ofEpochMilli(row.getLong("updated")));
    }

    static void bind(PreparedStatement statement, ServiceRevision revision)
            throws SQLException
    {
        statement.setString(1, revision.service());
        statement.setLong(2, revision.revision());
        statement.setString(3, revision.document());
        statement.setLong(4, revision.created().toEpochMilli());
    }

    static ServiceRevision readRevision(ResultSet row)
            throws SQLException
    {
        return new ServiceRevision(row.getString("service"), row.getLong("revision"), row.getString("document"),
                Instant.ofEpochMilli(row.getLong("created")));
    }
}
