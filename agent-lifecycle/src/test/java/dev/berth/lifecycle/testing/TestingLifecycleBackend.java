package dev.berth.lifecycle.testing;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.BackendCapabilities;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.LogStream;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory Linux backend with timing control, for lifecycle tests. A container's args decide what its process
 * does: {@code sleep} runs until stopped; {@code exit N} exits N at once; {@code exit-after MS N} runs MS
 * milliseconds then exits N; {@code hang} never reaches running. Tests can also crash a container
 * ({@link #crash}), script exec answers ({@link #execAnswer}), give it log lines, fail the next call of an
 * operation, and make a started container's state unreadable ({@link #failStatus}). Every call is recorded with
 * its time.
 */
public final class TestingLifecycleBackend
        implements RuntimeBackend
{
    public static final String NAME = "testing";
    public static final String IMAGE = "busybox:test";

    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, AgentError> failures = new LinkedHashMap<>();
    private final Map<String, AgentError> statusFailures = new LinkedHashMap<>();
    private final Map<String, AgentError> blind = new LinkedHashMap<>();
    private final Map<String, ExecResult> execAnswers = new LinkedHashMap<>();
    private final Map<String, List<String>> logs = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicLong nextPid = new AtomicLong(1000);
    private int listCalls;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return Set.of(OsFamily.LINUX);
    }

    @Override
    public BackendCapabilities capabilities()
    {
        return new BackendCapabilities(true, true, false, false, false, Set.of(GpuSharing.EXCLUSIVE), Set.of(Isolation.AUTO));
    }

    public synchronized TestingLifecycleBackend failNext(String operation, AgentError error)
    {
        failures.put(operation, error);
        return this;
    }

    /** Once {@code id} was started, every state call for it throws {@code error}: it runs, but cannot be watched. */
    public synchronized TestingLifecycleBackend failStatus(String id, AgentError error)
    {
        statusFailures.put(id, error);
        return this;
    }

    /**
     * The container runs on, but its monitor is gone and the runtime cannot say how it is: every wait and state call
     * for it throws {@code error} (and is recorded) until {@link #see} is called.
     */
    public synchronized void blind(String id, AgentError error)
    {
        blind.put(id, error);
    }

    public synchronized void see(String id)
    {
        blind.remove(id);
    }

    /** Exec in containers whose id starts with {@code idPrefix} answers {@code result}. */
    public synchronized void execAnswer(String idPrefix, ExecResult result)
    {
        execAnswers.put(idPrefix, result);
    }

    public synchronized void logLines(String id, List<String> lines)
    {
        logs.put(id, List.copyOf(lines));
    }

    /** The process of a running container dies with {@code code}. */
    public synchronized void crash(String id, int code, boolean oom)
    {
        Container container = get(id);
        container.exit(code, oom);
    }

    /** Every call, as {@code operation:id}. */
    public synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    public synchronized long count(String operation, String id)
    {
        return calls.stream().filter(call -> call.equals(operation + ":" + id)).count();
    }

    public synchronized int listCalls()
    {
        return listCalls;
    }

    public synchronized Optional<Instant> startedAt(String id)
    {
        Container container = containers.get(id);
        return container == null ? Optional.empty() : Optional.ofNullable(container.started);
    }

    @Override
    public synchronized PulledImage pull(String image, PlatformSpec platform)
    {
        record("pull", image);
        return new PulledImage(image, "sha256:" + Integer.toHexString(image.hashCode()), ImagePlatform.of("linux", "amd64"), ImageConfig.EMPTY);
    }

    @Override
    public synchronized ContainerStatus create(ContainerRequest request)
    {
        record("create", request.id());
        if (containers.containsKey(request.id())) {
            throw new CreateFailed(request.id(), "already exists");
        }
        List<String> command = new ArrayList<>(request.spec().command());
        command.addAll(request.spec().args());
        Container container = new Container(request.id(), command);
        containers.put(request.id(), container);
        return container.status();
    }

    @Override
    public synchronized void start(String id)
    {
        record("start", id);
        Container container = get(id);
        List<String> command = container.command;
        String verb = command.isEmpty() ? "sleep" : command.get(0);
        if (verb.equals("hang")) {
            return;
        }
        container.state = ContainerState.RUNNING;
        container.pid = nextPid.getAndIncrement();
        container.started = Instant.now();
        if (verb.equals("exit")) {
            container.exit(Integer.parseInt(command.get(1)), false);
        }
        else if (verb.equals("exit-after")) {
            container.exitAt = container.started.plusMillis(Long.parseLong(command.get(1)));
            container.exitAtCode = Integer.parseInt(command.get(2));
        }
    }

    @Override
    public synchronized void stop(String id, Duration grace)
    {
        record("stop", id);
        Container container = get(id);
        if (container.state() == ContainerState.RUNNING) {
            container.exit(143, false);
        }
    }

    @Override
    public synchronized void kill(String id, int signal)
    {
        record("kill", id);
        Container container = get(id);
        if (container.state() == ContainerState.RUNNING) {
            container.exit(128 + signal, false);
        }
    }

    @Override
    public synchronized void remove(String id, boolean force)
    {
        record("remove", id);
        Container container = get(id);
        if (container.state() == ContainerState.RUNNING && !force) {
            throw new dev.berth.core.error.Internal("container '" + id + "' is running");
        }
        containers.remove(id);
    }

    @Override
    public synchronized ContainerStatus state(String id)
    {
        Container container = get(id);
        throwIfBlind("state", id);
        AgentError failure = statusFailures.get(id);
        if (failure != null && calls.contains("start:" + id)) {
            throw failure;
        }
        return container.status();
    }

    @Override
    public synchronized List<ContainerStatus> list()
    {
        listCalls++;
        return containers.values().stream().map(Container::status).toList();
    }

    @Override
    public synchronized ExitStatus wait(String id, Duration timeout)
    {
        Container container = get(id);
        throwIfBlind("wait", id);
        if (container.state() != ContainerState.EXITED) {
            throw new Timeout(timeout);
        }
        return new ExitStatus(container.exitCode, container.oom, Optional.ofNullable(container.finished));
    }

    @Override
    public synchronized LogReader logs(String id, LogOptions options)
    {
        get(id);
        Iterator<String> lines = logs.getOrDefault(id, List.of()).iterator();
        return new LogReader()
        {
            @Override
            public boolean hasNext()
            {
                return lines.hasNext();
            }

            @Override
            public LogLine next()
            {
                return new LogLine(Instant.now(), LogStream.STDOUT, lines.next());
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized ExecResult exec(String id, ExecRequest request)
    {
        record("exec", id);
        Container container = get(id);
        if (container.state() != ContainerState.RUNNING) {
            throw new Unsupported("exec needs a running container");
        }
        for (Map.Entry<String, ExecResult> answer : execAnswers.entrySet()) {
            if (id.startsWith(answer.getKey())) {
                return answer.getValue();
            }
        }
        return new ExecResult(0, "", "");
    }

    private void throwIfBlind(String operation, String id)
    {
        AgentError error = blind.get(id);
        if (error != null) {
            record(operation, id);
            throw error;
        }
    }

    private Container get(String id)
    {
        Container container = containers.get(id);
        if (container == null) {
            throw new NotFound(id, "unknown to the testing backend");
        }
        return container;
    }

    private void record(String operation, String id)
    {
        calls.add(operation + ":" + id);
        AgentError failure = failures.remove(operation);
        if (failure != null) {
            throw failure;
        }
    }

    private static final class Container
    {
        private final String id;
        private final List<String> command;
        private ContainerState state = ContainerState.CREATED;
        private Long pid;
        private Integer exitCode;
        private boolean oom;
        private Instant started;
        private Instant finished;
        private Instant exitAt;
        private int exitAtCode;

        private Container(String id, List<String> command)
        {
            this.id = id;
            this.command = command;
        }

        private void exit(int code, boolean oomKilled)
        {
            state = ContainerState.EXITED;
            exitCode = code;
            oom = oomKilled;
            finished = Instant.now();
            exitAt = null;
        }

        private ContainerState state()
        {
            if (state == ContainerState.RUNNING && exitAt != null && !Instant.now().isBefore(exitAt)) {
                exit(exitAtCode, false);
            }
            return state;
        }

        private ContainerStatus status()
        {
            ContainerState current = state();
            return new ContainerStatus(id, NAME, current,
                    current == ContainerState.RUNNING && pid != null ? OptionalLong.of(pid) : OptionalLong.empty(),
                    exitCode == null ? Optional.empty() : Optional.of(new ExitStatus(exitCode, oom, Optional.ofNullable(finished))),
                    Optional.ofNullable(started));
        }
    }
}
