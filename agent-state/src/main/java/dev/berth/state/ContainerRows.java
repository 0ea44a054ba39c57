package dev.berth.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.gpu.assign.GpuAssignment;
import dev.berth.gpu.assign.GpuAssignmentJson;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The mapping between {@link ContainerRecord} and a {@code containers} row. */
final class ContainerRows
{
    static final String COLUMNS = "id, service, replica, backend, state, image, image_digest, pid, exit_code, oom_killed, failure, "
            + "restart_count, created, started, finished, log_path, bundle_path, stopped_by_user, restart_times, next_restart_at, health, "
            + "start_phases, gpu";
    static final String UPSERT = "INSERT OR REPLACE INTO containers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final Logger log = LogManager.getLogger(ContainerRows.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerRows() {}

    static void bind(PreparedStatement statement, ContainerRecord record)
            throws SQLException
    {
        int i = 1;
        statement.setString(i++, record.id());
        statement.setString(i++, record.service());
        statement.setInt(i++, record.replica());
        statement.setString(i++, record.backend());
        statement.setString(i++, record.state().name());
        statement.setString(i++, record.image());
        statement.setString(i++, record.imageDigest().orElse(null));
        setLong(statement, i++, record.pid().isPresent() ? record.pid().getAsLong() : null);
        setLong(statement, i++, record.exitCode().isPresent() ? (long) record.exitCode().getAsInt() : null);
        statement.setInt(i++, record.oomKilled() ? 1 : 0);
        statement.setString(i++, record.failure().map(ContainerRows::encode).orElse(null));
        statement.setInt(i++, record.restartCount());
        statement.setLong(i++, record.created().toEpochMilli());
        setLong(statement, i++, record.started().map(Instant::toEpochMilli).orElse(null));
        setLong(statement, i++, record.finished().map(Instant::toEpochMilli).orElse(null));
        statement.setString(i++, record.logPath());
        statement.setString(i++, record.bundlePath());
        statement.setInt(i++, record.stoppedByUser() ? 1 : 0);
        ArrayNode times = JSON.createArrayNode();
        record.restartTimes().forEach(time -> times.add(time.toEpochMilli()));
        statement.setString(i++, times.toString());
        setLong(statement, i++, record.nextRestartAt().map(Instant::toEpochMilli).orElse(null));
        statement.setString(i++, record.health());
        statement.setString(i++, StartPhasesJson.encode(record.startPhases()).toString());
        statement.setString(i, record.gpu().map(gpu -> GpuAssignmentJson.encode(gpu).toString()).orElse(null));
    }

    static ContainerRecord read(ResultSet row)
            throws SQLException
    {
        return new ContainerRecord(
                row.getString("id"),
                row.getString("service"),
                row.getInt("replica"),
                row.getString("backend"),
                ContainerState.valueOf(row.getString("state")),
                row.getString("image"),
                Optional.ofNullable(row.getString("image_digest")),
                optionalLong(row, "pid"),
                optionalLong(row, "exit_code").isPresent() ? OptionalInt.of((int) row.getLong("exit_code")) : OptionalInt.empty(),
                row.getInt("oom_killed") != 0,
                Optional.ofNullable(row.getString("failure")).map(ContainerRows::decode),
                row.getInt("restart_count"),
                restartTimes(row.getString("restart_times")),
                instant(row, "next_restart_at"),
                row.getString("health"),
                Instant.ofEpochMilli(row.getLong("created")),
                instant(row, "started"),
                instant(row, "finished"),
                row.getString("log_path"),
                row.getString("bundle_path"),
                row.getInt("stopped_by_user") != 0,
                startPhases(row.getString("id"), row.getString("start_phases")),
                gpu(row.getString("id"), row.getString("gpu")));
    }

    private static String encode(AgentError error)
    {
        return ErrorWire.encode(error, JSON).toString();
    }

    private static AgentError decode(String json)
    {
        try {
            return ErrorWire.decode(JSON.readTree(json));
        }
        catch (JsonProcessingException | IllegalArgumentException e) {
            return new Internal("the stored failure reason could not be read: " + json, e);
        }
    }

    private static StartPhases startPhases(String id, String json)
    {
        try {
            return StartPhasesJson.decode(JSON.readTree(json));
        }
        catch (JsonProcessingException | IllegalArgumentException e) {
            // timings are for reading only: a row they cannot be read from still loads, and says so in the log
            log.warn("container {}: stored start phases cannot be read ({}): {}", id, e.getMessage(), json);
            return StartPhases.NONE;
        }
    }

    private static Optional<GpuAssignment> gpu(String id, String json)
            throws SQLException
    {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(GpuAssignmentJson.decode(JSON.readTree(json)));
        }
        catch (JsonProcessingException | IllegalArgumentException e) {
            // what a running container holds must not be forgotten quietly: the store refuses to load rather than guess
            throw new SQLException("container " + id + ": the stored GPU assignment cannot be read: " + e.getMessage() + ": " + json, e);
        }
    }

    private static List<Instant> restartTimes(String json)
            throws SQLException
    {
        List<Instant> times = new ArrayList<>();
        try {
            JSON.readTree(json).forEach(node -> times.add(Instant.ofEpochMilli(node.asLong())));
        }
        catch (JsonProcessingException e) {
            throw new SQLException("restart_times is not a JSON array: " + json, e);
        }
        return times;
    }

    private static void setLong(PreparedStatement statement, int index, Long value)
            throws SQLException
    {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        }
        else {
            statement.setLong(index, value);
        }
    }

    private static OptionalLong optionalLong(ResultSet row, String column)
            throws SQLException
    {
        long value = row.getLong(column);
        return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Instant> instant(ResultSet row, String column)
            throws SQLException
    {
        OptionalLong value = optionalLong(row, column);
        return value.isPresent() ? Optional.of(Instant.ofEpochMilli(value.getAsLong())) : Optional.empty();
    }
}
