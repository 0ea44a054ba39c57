package dev.berth.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The mapping between {@link ServiceRecord} and a {@code services} row. */
final class ServiceRows
{
    static final String UPSERT = "INSERT OR REPLACE INTO services (name, document, replicas, stopped_by_user, updated) VALUES (?, ?, ?, ?, ?)";

    private ServiceRows() {}

    static void bind(PreparedStatement statement, ServiceRecord service)
            throws SQLException
    {
        statement.setString(1, service.name());
        statement.setString(2, service.document());
        statement.setInt(3, service.desiredReplicas());
        statement.setInt(4, service.stoppedByUser() ? 1 : 0);
        statement.setLong(5, service.updated().toEpochMilli());
    }

    static ServiceRecord read(ResultSet row)
            throws SQLException
    {
        return new ServiceRecord(row.getString("name"), row.getString("document"), row.getInt("replicas"),
                row.getInt("stopped_by_user") != 0, Instant.ofEpochMilli(row.getLong("updated")));
    }
}
