package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.oci.monitor.PollSchedule;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.RuntimeFailure;
import dev.berth.wsl2.transport.DistroTransport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs each container under its own conmon inside the distro, as the youki backend does on Linux, so the container
 * outlives the agent and its exit status is written into the distro (exit dir, {@code oom} in the persist dir).
 * Unlike youki's monitor, every look at pid and exit files and at conmon's liveness is a command in the distro:
 * the pids are the distro's, meaningless to Windows.
 */
public final class DistroMonitor
{
    /**
     * Prints the exit code, the exit file's mtime and "oom"; exits 3 while conmon lives, 4 when it died without one.
     * conmon lives when the pid in its pid file runs with that pid file on its command line: a pid reused since (a
     * distro restarted) is some other process.
     */
    private static final String LOOK = "if [ -f \"$1\" ]; then cat \"$1\"; echo; stat -c %Y \"$1\"; if [ -f \"$2\" ]; then echo oom; fi; exit 0; fi; "
            + "p=$(cat \"$3\" 2>/dev/null); if [ -n \"$p\" ] && [ -r \"/proc/$p/cmdline\" ] && tr '\\000' ' ' < \"/proc/$p/cmdline\" | grep -qF -- \"$3\"; "
            + "then exit 3; fi; exit 4";

    /**
     * Kills the conmon named by the pid file "$1", with its children, when its command line names that pid file;
     * prints the pids it killed.
     */
    private static final String RETIRE = "p=$(cat \"$1\" 2>/dev/null) || exit 0; [ -n \"$p\" ] && [ -r \"/proc/$p/cmdline\" ] || exit 0; "
            + "tr '\\000' ' ' < \"/proc/$p/cmdline\" | grep -qF -- \"$1\" || exit 0; "
            + "kids=$(cat /proc/$p/task/*/children 2>/dev/null); kill -9 $p $kids 2>/dev/null; echo $p $kids";
    /** The longest sleep between two looks: each look is a command in the distro. */
    private static final long MAX_POLL_MILLIS = 100;

    private final DistroTransport transport;
    private final OciRuntime runtime;
    private final DistroLayout layout;
    private final DistroFiles files;
    private final String conmon;
    private final long logMaxSize;
    private final Duration createTimeout;
    private final Duration callTimeout;

    public DistroMonitor(DistroTransport transport, OciRuntime runtime, DistroLayout layout, String conmon, long logMaxSize,
            Duration createTimeout, Duration callTimeout)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.conmon = requireNonNull(conmon, "conmon is null");
        this.logMaxSize = logMaxSize;
        this.createTimeout = requireNonNull(createTimeout, "createTimeout is null");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
        this.files = new DistroFiles(transport, callTimeout);
    }

    /**
     * Creates the container under a new conmon and waits for the runtime's create to finish.
     *
     * @return the container's init pid, in the distro's pid namespace
     * @throws CreateFailed with the runtime's JSON-log message, errno and exit status
     */
    public long create(String id, boolean tty)
    {
        files.makeDirectories(layout.exitDir(id), layout.persistDir(id), layout.sockets());
        List<String> argv = layout.conmonFiles(id).argv(conmon, runtime.settings().binary(), id, layout.sockets(), logMaxSize, tty, runtime.globalArgs(id));
        Instant since = Instant.now();
        long deadline = System.nanoTime() + createTimeout.toNanos();
        CommandResult launched = transport.run(Command.of(createTimeout, argv).withWorkingDirectory(layout.container(id)));
        if (!launched.succeeded()) {
            RuntimeFailure failure = runtime.failure(id, launched, since);
            throw new CreateFailed(id, "conmon failed in " + transport.describe() + ": " + failure.reason(), null, failure.errnoOrNull());
        }
        PollSchedule polls = PollSchedule.startingNow(MAX_POLL_MILLIS);
        while (true) {
            Optional<Long> pid = files.read(layout.containerPidFile(id)).flatMap(DistroMonitor::parseLong);
            if (pid.isPresent()) {
                return pid.get();
            }
            MonitorState state = look(id);
            if (!state.monitorAlive()) {
                pid = files.read(layout.containerPidFile(id)).flatMap(DistroMonitor::parseLong);
                if (pid.isPresent()) {
                    return pid.get();
                }
                Optional<String> message = runtime.runtimeError(id, since);
                OptionalInt errno = message.map(Errno::fromStrerror).orElse(OptionalInt.empty());
                throw new CreateFailed(id, message.orElse("the runtime's create failed without a message")
                        + " (conmon exited in " + transport.describe() + "; runtime log " + layout.runtimeLog(id) + ")",
                        null, errno.isPresent() ? errno.getAsInt() : null);
            }
            if (System.nanoTime() > deadline) {
                throw new Timeout(createTimeout, new Internal("container '" + id + "' was not created; conmon is still running the runtime's create"));
            }
            sleep(polls.nextSleepMillis(System.nanoTime()), createTimeout);
        }
    }

    /** The container's exit as conmon recorded it, or whether conmon still watches it. */
    public MonitorState look(String id)
    {
        CommandResult result = transport.run(Command.of(callTimeout,
                List.of("sh", "-c", LOOK, "sh", layout.exitFile(id), layout.oomFile(id), layout.conmonPidFile(id))));
        return switch (result.exitCode()) {
            case 0 -> new MonitorState(Optional.of(exitStatus(result.stdout())), false);
            case 3 -> new MonitorState(Optional.empty(), true);
            case 4 -> new MonitorState(Optional.empty(), false);
            default -> throw new Internal("cannot read the exit status of '" + id + "' in " + transport.describe() + ": "
                    + DistroFiles.evidence(result));
        };
    }

    /** Polls for the exit status until {@code timeout}; empty when time ran out or conmon ended without writing one. */
    public Optional<ExitStatus> awaitExit(String id, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        PollSchedule polls = PollSchedule.startingNow(MAX_POLL_MILLIS);
        while (true) {
            MonitorState state = look(id);
            if (state.exit().isPresent()) {
                return state.exit();
            }
            if (!state.monitorAlive() || System.nanoTime() > deadline) {
                // conmon writes the file before it exits: one last look settles the race
                return look(id).exit();
            }
            sleep(polls.nextSleepMillis(System.nanoTime()), timeout);
        }
    }

    /**
     * Makes sure the container's conmon has ended before its files go or its id is reused, as the youki monitor
     * does: waits up to {@code grace}, then kills it and the processes it started (the runtime's create), but only
     * when its command line names this container's pid file, so a pid reused since is never hit.
     *
     * @return the processes killed (empty when conmon ended by itself or never ran)
     */
    public List<String> retire(String id, Duration grace)
    {
        long deadline = System.nanoTime() + grace.toNanos();
        PollSchedule polls = PollSchedule.startingNow(MAX_POLL_MILLIS);
        while (look(id).monitorAlive()) {
            if (System.nanoTime() > deadline) {
                CommandResult result = transport.run(Command.of(callTimeout, List.of("sh", "-c", RETIRE, "sh", layout.conmonPidFile(id))));
                if (!result.succeeded()) {
                    throw new Internal("cannot end the conmon of removed container '" + id + "' in " + transport.describe() + ": "
                            + DistroFiles.evidence(result));
                }
                return List.of(result.stdout().strip().split("\\s+")).stream().filter(pid -> !pid.isEmpty()).toList();
            }
            sleep(polls.nextSleepMillis(System.nanoTime()), grace);
        }
        return List.of();
    }

    static ExitStatus exitStatus(String output)
    {
        String[] lines = output.strip().split("\\s*\n\\s*");
        int code = Integer.parseInt(lines[0].strip());
        Optional<Instant> finished = lines.length > 1 ? parseLong(lines[1]).map(Instant::ofEpochSecond) : Optional.empty();
        boolean oom = lines.length > 2 && lines[2].strip().equals("oom");
        return new ExitStatus(code, oom, finished);
    }

    private static Optional<Long> parseLong(String text)
    {
        try {
            String trimmed = text.strip();
            return trimmed.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(trimmed));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis, Duration bound)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Timeout(bound, e);
        }
    }
}
