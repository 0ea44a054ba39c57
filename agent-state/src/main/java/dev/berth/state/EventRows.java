package dev.berth.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.event.AgentEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The mapping between {@link AgentEvent} and an {@code events} row (its attributes as a JSON object). */
final class EventRows
{
    static final String INSERT = "INSERT INTO events (time, type, subject, attributes) VALUES (?, ?, ?, ?)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventRows() {}

    static void bind(PreparedStatement statement, AgentEvent event)
            throws SQLException
    {
        ObjectNode attributes = JSON.createObjectNode();
        event.attributes().forEach(attributes::put);
        statement.setLong(1, event.time().toEpochMilli());
        statement.setString(2, event.type());
        statement.setString(3, event.subject());
        statement.setString(4, attributes.toString());
    }

    static AgentEvent read(ResultSet row)
            throws SQLException
    {
        Map<String, String> attributes = new LinkedHashMap<>();
        try {
            JSON.readTree(row.getString("attributes")).fields().forEachRemaining(field -> attributes.put(field.getKey(), field.getValue().asText()));
        }
        catch (JsonProcessingException e) {
            throw new SQLException("event attributes are not JSON", e);
        }
        return new AgentEvent(Instant.ofEpochMilli(row.getLong("time")), row.getString("type"), row.getString("subject"), attributes);
    }
}
