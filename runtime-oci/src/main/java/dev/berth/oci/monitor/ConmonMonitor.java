package dev.berth.oci.monitor;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.Timeout;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.CommandTransport;
import dev.berth.oci.process.ProcessTree;
import dev.berth.oci.runtime.OciRuntime;
import dev.berth.oci.runtime.RuntimeFailure;
import dev.berth.oci.state.ContainerPaths;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Runs each container under its own conmon, as Podman does: conmon double-forks away from the agent, runs the
 * runtime's {@code create}, holds the container's stdio and writes it to the log in k8s-file format
 * ({@code <RFC3339Nano> stdout|stderr F|P text}), and on exit writes the exit status into the exit dir and an
 * {@code oom} file into the persist dir when the kernel OOM-killed it. The container outlives the agent's JVM,
 * and its exit status stays on disk until the container is removed.
 */
public final class ConmonMonitor
{
    private static final Logger log = LogManager.getLogger(ConmonMonitor.class);

    private final CommandTransport transport;
    private final OciRuntime runtime;
    private final ConmonSettings settings;

    public ConmonMonitor(CommandTransport transport, OciRuntime runtime, ConmonSettings settings)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Creates the container under a new conmon and waits until the runtime reports it created.
     *
     * @return the container's init pid
     * @throws CreateFailed with the runtime's JSON-log message, errno and exit status
     */
    public long create(ContainerPaths paths, boolean tty)
    {
        String id = paths.id();
        try {
            Files.createDirectories(paths.exitDir());
            Files.createDirectories(paths.persistDir());
            Files.createDirectories(settings.socketDir());
        }
        catch (IOException e) {
            throw new CreateFailed(id, "cannot prepare the monitor's directories under " + paths.directory() + ": " + e.getMessage(), e);
        }
        List<String> argv = ConmonFiles.of(paths).argv(settings.conmon(), settings.runtimeBinary(), id, settings.socketDir().toString(),
                settings.logMaxSize(), tty, runtime.globalArgs(id));
        Instant since = Instant.now();
        long deadline = System.nanoTime() + settings.createTimeout().toNanos();
        CommandResult launched = transport.run(Command.of(settings.createTimeout(), argv).withWorkingDirectory(paths.directory().toString()));
        if (!launched.succeeded()) {
            RuntimeFailure failure = runtime.failure(id, launched, since);
            throw new CreateFailed(id, "conmon failed: " + failure.reason(), null, failure.errnoOrNull());
        }
        OptionalLong conmonPid = readLong(paths.conmonPidFile());
        PollSchedule polls = PollSchedule.startingNow(20);
        while (true) {
            OptionalLong pid = readLong(paths.containerPidFile());
            if (pid.isPresent()) {
                return pid.getAsLong();
            }
            if (conmonPid.isEmpty() || !ProcessTree.running(conmonPid.getAsLong())) {
                // conmon gave up; the pid file may still have landed just before it exited
                pid = readLong(paths.containerPidFile());
                if (pid.isPresent()) {
                    return pid.getAsLong();
                }
                Optional<String> message = runtime.runtimeError(id, since);
                throw new CreateFailed(id, message.orElse("the runtime's create failed without a message")
                        + " (conmon " + conmonPid.stream().mapToObj(Long::toString).findFirst().orElse("?") + " exited; runtime log "
                        + paths.runtimeLog() + ")", null, message.flatMap(ConmonMonitor::errno).orElse(null));
            }
            if (System.nanoTime() > deadline) {
                // a hung create would run forever under a conmon nobody watches: kill both, keep every file
                Optional<ProcessHandle> conmon = ownConmon(paths);
                List<String> killed = conmon.map(ProcessTree::killWithDescendants).orElse(List.of());
                Optional<String> message = runtime.runtimeError(id, since);
                String what = conmon.isPresent()
                        ? "was still running the runtime's create, so it was killed with its children " + killed
                        : "was still running, but is not confirmed as this container's conmon (its command line does not name "
                                + paths.conmonPidFile() + "), so nothing was killed";
                log.warn("create of container {} timed out after {}; conmon {} {}", id, settings.createTimeout(), conmonPid.getAsLong(), what);
                throw new Timeout(settings.createTimeout(), new Internal("container '" + id + "' was not created; conmon " + conmonPid.getAsLong()
                        + " " + what + message.map(text -> "; runtime log: " + text).orElse("") + " (files kept in " + paths.directory() + ")"));
            }
            sleep(polls.nextSleepMillis(System.nanoTime()));
        }
    }

    /** The exit status conmon recorded, if the container has exited. */
    public static OptionalInt exitCode(ContainerPaths paths)
    {
        OptionalLong code = readLong(paths.exitFile());
        return code.isPresent() ? OptionalInt.of((int) code.getAsLong()) : OptionalInt.empty();
    }

    /** Whether the container's conmon is still running (false when it is gone, a zombie, or never wrote its pid). */
    public static boolean alive(ContainerPaths paths)
    {
        OptionalLong pid = readLong(paths.conmonPidFile());
        return pid.isPresent() && ProcessTree.running(pid.getAsLong());
    }

    /**
     * Makes sure the container's conmon has ended before its files are deleted or its id is reused. Once the runtime
     * has deleted the container conmon still writes the exit files a moment later, and a conmon whose agent was
     * killed in the middle of create may still be running the runtime's create: either would write into the next
     * container of that id. Waits up to {@code grace}, then kills it and every process it started.
     *
     * @return the processes killed, as {@code "pid command line"} (empty when conmon ended by itself or never ran)
     */
    public static List<String> retire(ContainerPaths paths, Duration grace)
    {
        Optional<ProcessHandle> conmon = ownConmon(paths);
        if (conmon.isEmpty() || ProcessTree.awaitGone(conmon.get().pid(), grace)) {
            return List.of();
        }
        List<String> killed = ProcessTree.killWithDescendants(conmon.get());
        log.warn("conmon {} of removed container {} was still running after {}: killed {}", conmon.get().pid(), paths.id(), grace, killed);
        ProcessTree.awaitGone(conmon.get().pid(), grace);
        return killed;
    }

    /**
     * The container's init process, when this container's conmon runs on this host and its pid file names one (empty
     * when conmon is gone or a zombie, a pid file is missing, or the processes are not local).
     */
    public static Optional<MonitoredInit> monitoredInit(ContainerPaths paths)
    {
        if (ownConmon(paths).isEmpty() || !alive(paths)) {
            return Optional.empty();
        }
        OptionalLong pid = readLong(paths.containerPidFile());
        if (pid.isEmpty() || pid.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MonitoredInit(pid.getAsLong(), ProcessTree.running(pid.getAsLong())));
    }

    /**
     * The process in the conmon pid file when it is this container's conmon: its command line names this pid file. A
     * pid file left from before a reboot or a crash may name a pid reused by anything, even init. The handle is taken
     * before the check, so killing it later cannot hit a process that took the pid since.
     */
    static Optional<ProcessHandle> ownConmon(ContainerPaths paths)
    {
        OptionalLong pid = readLong(paths.conmonPidFile());
        if (pid.isEmpty() || pid.getAsLong() <= 1) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong());
        return process.filter(handle -> ProcessTree.arguments(handle.pid()).contains(paths.conmonPidFile().toString()));
    }

    private static Optional<Integer> errno(String message)
    {
        OptionalInt errno = dev.berth.core.error.Errno.fromStrerror(message);
        return errno.isPresent() ? Optional.of(errno.getAsInt()) : Optional.empty();
    }

    static OptionalLong readLong(Path file)
    {
        // polled every millisecond while a create or a short container runs: a plain stat first, because a
        // missing file costs Files.readString an exception with its stack trace
        if (!file.toFile().exists()) {
            return OptionalLong.empty();
        }
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        }
        catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Internal("interrupted while waiting for the container to be created", e);
        }
    }
}
