package dev.berth.oci.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.StartFailed;
import dev.berth.core.runtime.OutputTail;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.CommandTransport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives an OCI runtime (youki, runc, crun) through its command line: create, start, state, kill, delete, exec,
 * always with the absolute {@code --root}, a per-container {@code --log} and {@code --log-format json}. A failed
 * call becomes an AgentError carrying the runtime's JSON-log message and errno, its stderr and exit status.
 *
 * <p>Reuse point: the WSL2 delegate builds one with its own transport and settings (root, log paths inside the
 * distro); nothing here reads this JVM's file system.
 */
public final class OciRuntime
{
    private static final Logger log = LogManager.getLogger(OciRuntime.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CommandTransport transport;
    private final OciRuntimeSettings settings;

    public OciRuntime(CommandTransport transport, OciRuntimeSettings settings)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public OciRuntimeSettings settings()
    {
        return settings;
    }

    /** The global options every call carries, in {@code --name=value} form so conmon can pass them as runtime args. */
    public List<String> globalArgs(String id)
    {
        return List.of("--root=" + settings.root(), "--log=" + settings.runtimeLogFor().apply(id), "--log-format=json");
    }

    /** Creates the container directly (no monitor): the runtime's stdio is this call's. */
    public void create(String id, String bundle, String pidFile, Optional<String> consoleSocket)
    {
        List<String> args = new ArrayList<>(List.of("create", "--bundle", bundle, "--pid-file", pidFile));
        consoleSocket.ifPresent(socket -> args.addAll(List.of("--console-socket", socket)));
        args.add(id);
        Instant since = Instant.now();
        CommandResult result = call(id, args, settings.createTimeout());
        if (!result.succeeded()) {
            RuntimeFailure failure = failure(id, result, since);
            throw new CreateFailed(id, failure.reason(), null, failure.errnoOrNull());
        }
    }

    public void start(String id)
    {
        Instant since = Instant.now();
        CommandResult result = call(id, List.of("start", id), settings.callTimeout());
        if (!result.succeeded()) {
            RuntimeFailure failure = failure(id, result, since);
            if (failure.containerMissing()) {
                throw new NotFound(id, failure.reason(), null, failure.errnoOrNull());
            }
            throw new StartFailed(id, failure.reason(), null, failure.errnoOrNull());
        }
    }

    /** @throws NotFound when the runtime does not know {@code id} */
    public OciState state(String id)
    {
        Instant since = Instant.now();
        CommandResult result = call(id, List.of("state", id), settings.callTimeout());
        if (!result.succeeded()) {
            throw otherFailure(id, "state", failure(id, result, since));
        }
        try {
            JsonNode node = MAPPER.readTree(result.stdout());
            Map<String, String> annotations = new LinkedHashMap<>();
            node.path("annotations").fields().forEachRemaining(entry -> annotations.put(entry.getKey(), entry.getValue().asText()));
            return new OciState(node.path("ociVersion").asText(""), node.path("id").asText(id), node.path("status").asText("unknown"),
                    node.path("pid").asLong(0), node.path("bundle").asText(""), annotations);
        }
        catch (IOException e) {
            throw new Internal("cannot read '" + String.join(" ", result.command().argv()) + "' output as JSON: " + result.stdout(), e);
        }
    }

    /**
     * Sends {@code signal} to the container's init process (or every process with {@code all}).
     *
     * @return false when the container was not running any more
     */
    public boolean kill(String id, int signal, boolean all)
    {
        List<String> args = new ArrayList<>(List.of("kill"));
        if (all) {
            args.add("--all");
        }
        args.addAll(List.of(id, Integer.toString(signal)));
        Instant since = Instant.now();
        CommandResult result = call(id, args, settings.callTimeout());
        if (result.succeeded()) {
            return true;
        }
        RuntimeFailure failure = failure(id, result, since);
        if (failure.notRunning()) {
            return false;
        }
        throw otherFailure(id, "kill", failure);
    }

    public void delete(String id, boolean force)
    {
        List<String> args = force ? List.of("delete", "--force", id) : List.of("delete", id);
        Instant since = Instant.now();
        CommandResult result = call(id, args, settings.callTimeout());
        if (!result.succeeded()) {
            throw otherFailure(id, "delete", failure(id, result, since));
        }
    }

    /**
     * Runs a command in the running container and returns its exit status and output; the runtime's exit status is
     * the command's.
     */
    public CommandResult exec(String id, List<String> command, Map<String, String> env, String user, Duration timeout)
    {
        return exec(id, command, env, user, timeout, OutputTail.EXEC_LIMIT);
    }

    /** An exec that keeps {@code outputLimit} bytes of each stream (a probe asks for less than a person's exec). */
    public CommandResult exec(String id, List<String> command, Map<String, String> env, String user, Duration timeout, int outputLimit)
    {
        List<String> args = new ArrayList<>(List.of("exec"));
        env.forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
        if (!user.isEmpty()) {
            args.addAll(List.of("--user", user));
        }
        args.add(id);
        args.addAll(command);
        return call(id, args, timeout, outputLimit, outputLimit);
    }

    /** The ids of every container in the runtime root, whoever created them. */
    public List<String> list()
    {
        CommandResult result = transport.run(Command.of(settings.callTimeout(), List.of("ls", "-1", "-A", settings.root())));
        if (!result.succeeded()) {
            if (result.stderr().contains("No such file or directory")) {
                return List.of();
            }
            throw new Internal("cannot list runtime root " + settings.root() + ": " + result.stderr().strip());
        }
        return Arrays.stream(result.stdout().split("\n")).map(String::strip).filter(name -> !name.isEmpty() && !name.startsWith(".")).toList();
    }

    /**
     * Every container in the runtime root with its status and pid, from one {@code list --format json} call (runc,
     * crun and youki all print an array of objects with {@code id}, {@code pid} and {@code status}; runc prints
     * {@code null} for none). Fields {@code list} does not print ({@code ociVersion}, annotations) are left empty.
     */
    public List<OciState> listStates()
    {
        List<String> argv = List.of(settings.binary(), "--root=" + settings.root(), "list", "--format", "json");
        CommandResult result = transport.run(Command.of(settings.callTimeout(), argv));
        if (!result.succeeded()) {
            throw new Internal(settings.flavor().binaryName() + " list of " + settings.root() + " failed with exit status " + result.exitCode()
                    + ": " + result.stderr().strip());
        }
        JsonNode array;
        try {
            array = MAPPER.readTree(result.stdout().isBlank() ? "[]" : result.stdout());
        }
        catch (IOException e) {
            throw new Internal("cannot read '" + result.command().display() + "' output as JSON: " + result.stdout(), e);
        }
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new Internal("'" + result.command().display() + "' printed no JSON array: " + result.stdout());
        }
        List<OciState> states = new ArrayList<>();
        for (JsonNode node : array) {
            // youki capitalises its statuses ("Running"); the OCI spec's are lower case
            states.add(new OciState("", node.path("id").asText(), node.path("status").asText("unknown").toLowerCase(java.util.Locale.ROOT),
                    node.path("pid").asLong(0), node.path("bundle").asText(""), Map.of()));
        }
        return List.copyOf(states);
    }

    private CommandResult call(String id, List<String> args, Duration timeout)
    {
        return call(id, args, timeout, Command.STDOUT_LIMIT, Command.STDERR_LIMIT);
    }

    private CommandResult call(String id, List<String> args, Duration timeout, int stdoutLimit, int stderrLimit)
    {
        List<String> argv = new ArrayList<>();
        argv.add(settings.binary());
        argv.addAll(globalArgs(id));
        argv.addAll(args);
        CommandResult result = transport.run(Command.of(timeout, argv).withOutputLimits(stdoutLimit, stderrLimit));
        if (!result.succeeded()) {
            log.debug("{} failed with {}: {}", result.command().display(), result.exitCode(), result.stderr().strip());
        }
        return result;
    }

    private RuntimeException otherFailure(String id, String operation, RuntimeFailure failure)
    {
        if (failure.containerMissing()) {
            return new NotFound(id, failure.reason(), null, failure.errnoOrNull());
        }
        return new Internal(settings.flavor().binaryName() + " " + operation + " of '" + id + "' failed: " + failure.reason(), null, failure.errnoOrNull());
    }

    /** The failure with the runtime's own error message for this call, read from its JSON log. */
    public RuntimeFailure failure(String id, CommandResult result, Instant since)
    {
        return RuntimeFailure.of(result, runtimeError(id, since));
    }

    /** The last error the runtime logged for {@code id} at or after {@code since} (to the second). */
    public Optional<String> runtimeError(String id, Instant since)
    {
        CommandResult log = transport.run(Command.of(settings.callTimeout(), List.of("cat", settings.runtimeLogFor().apply(id))));
        if (!log.succeeded()) {
            return Optional.empty();
        }
        Instant floor = since.truncatedTo(ChronoUnit.SECONDS);
        List<RuntimeLogEntry> recent = RuntimeLog.parse(log.stdout()).stream().filter(entry -> !before(entry, floor)).toList();
        return RuntimeLog.lastError(recent).map(RuntimeLogEntry::message);
    }

    private static boolean before(RuntimeLogEntry entry, Instant floor)
    {
        try {
            return OffsetDateTime.parse(entry.time()).toInstant().isBefore(floor);
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }
}
