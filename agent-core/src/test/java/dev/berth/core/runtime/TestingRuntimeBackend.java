package dev.berth.core.runtime;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
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
 * An in-memory backend for tests. It "runs" a tiny command language: {@code sleep N} runs until stopped or killed,
 * {@code sh -c "exit N"} exits with N, {@code echo X} prints X and exits 0. Images are whatever {@link #addImage}
 * registered; pulling another OS's image is {@link WrongPlatform}. A failure can be scripted per operation.
 */
public final class TestingRuntimeBackend
        implements RuntimeBackend
{
    private final String name;
    private final Set<OsFamily> servedOs;
    private final Map<String, PulledImage> images = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, AgentError> failures = new LinkedHashMap<>();
    private final AtomicLong nextPid = new AtomicLong(1000);
    private final List<String> calls = new ArrayList<>();

    public TestingRuntimeBackend(String name, Set<OsFamily> servedOs)
    {
        this.name = name;
        this.servedOs = Set.copyOf(servedOs);
    }

    public synchronized TestingRuntimeBackend addImage(PulledImage image)
    {
        images.put(image.reference(), image);
        return this;
    }

    /** The next call of {@code operation} (pull, create, start, stop, kill, remove) throws {@code error}. */
    public synchronized TestingRuntimeBackend failNext(String operation, AgentError error)
    {
        failures.put(operation, error);
        return this;
    }

    /** Every operation called, as {@code operation:id}. */
    public synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Set<OsFamily> servedOs()
    {
        return servedOs;
    }

    @Override
    public BackendCapabilities capabilities()
    {
        return BackendCapabilities.builder().exec().logs().gpuSharing(GpuSharing.EXCLUSIVE).isolation(Isolation.AUTO).build();
    }

    @Override
    public synchronized PulledImage pull(String image, PlatformSpec platform)
    {
        record("pull", image);
        PulledImage pulled = images.get(image);
        if (pulled == null) {
            throw new dev.berth.core.error.PullFailed(image, "not in the testing backend's images");
        }
        if (pulled.platform().osFamily().isEmpty() || !servedOs.contains(pulled.platform().osFamily().get())) {
            throw new WrongPlatform(name, servedOs.iterator().next().ociName(), pulled.platform().os(), image);
        }
        return pulled;
    }

    @Override
    public synchronized ContainerStatus create(ContainerRequest request)
    {
        record("create", request.id());
        if (request.image().platform().osFamily().isEmpty() || !servedOs.contains(request.image().platform().osFamily().get())) {
            throw new WrongPlatform(name, servedOs.iterator().next().ociName(), request.image().platform().os(), request.image().reference());
        }
        if (containers.containsKey(request.id())) {
            throw new CreateFailed(request.id(), "already exists");
        }
        List<String> command = new ArrayList<>(request.spec().command());
        command.addAll(request.spec().args());
        Container container = new Container(request.id(), command);
        containers.put(request.id(), container);
        return container.status(name);
    }

    @Override
    public synchronized void start(String id)
    {
        record("start", id);
        Container container = get(id);
        container.state = ContainerState.RUNNING;
        container.pid = nextPid.getAndIncrement();
        container.started = Instant.now();
        List<String> command = container.command;
        if (command.size() >= 3 && command.get(0).equals("sh") && command.get(2).startsWith("exit ")) {
            container.exit(Integer.parseInt(command.get(2).substring(5).trim()));
        }
        else if (!command.isEmpty() && command.get(0).equals("echo")) {
            container.output.add(String.join(" ", command.subList(1, command.size())));
            container.exit(0);
        }
    }

    @Override
    public synchronized void stop(String id, Duration grace)
    {
        record("stop", id);
        Container container = get(id);
        if (container.state == ContainerState.RUNNING) {
            container.exit(143);
        }
    }

    @Override
    public synchronized void kill(String id, int signal)
    {
        record("kill", id);
        Container container = get(id);
        if (container.state == ContainerState.RUNNING) {
            container.exit(128 + signal);
        }
    }

    @Override
    public synchronized void remove(String id, boolean force)
    {
        record("remove", id);
        Container container = get(id);
        if (container.state == ContainerState.RUNNING && !force) {
            throw new dev.berth.core.error.Internal("container '" + id + "' is running; stop it or force the removal");
        }
        containers.remove(id);
    }

    @Override
    public synchronized ContainerStatus state(String id)
    {
        return get(id).status(name);
    }

    @Override
    public synchronized List<ContainerStatus> list()
    {
        return containers.values().stream().map(container -> container.status(name)).toList();
    }

    @Override
    public synchronized ExitStatus wait(String id, Duration timeout)
    {
        Container container = get(id);
        if (container.exitCode == null) {
            throw new Timeout(timeout);
        }
        return ExitStatus.of(container.exitCode);
    }

    @Override
    public synchronized LogReader logs(String id, LogOptions options)
    {
        Iterator<String> lines = List.copyOf(get(id).output).iterator();
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
        Container container = get(id);
        if (container.state != ContainerState.RUNNING) {
            throw new Unsupported("exec needs a running container");
        }
        String script = request.command().size() == 3 ? request.command().get(2) : "";
        StringBuilder out = new StringBuilder();
        int code = 0;
        for (String part : script.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("echo ")) {
                out.append(trimmed.substring(5)).append('\n');
            }
            else if (trimmed.startsWith("exit ")) {
                code = Integer.parseInt(trimmed.substring(5).trim());
            }
        }
        return new ExecResult(code, out.toString(), "");
    }

    private Container get(String id)
    {
        Container container = containers.get(id);
        if (container == null) {
            throw new NotFound(id, "unknown to the " + name + " testing backend");
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
        private final List<String> output = new ArrayList<>();
        private ContainerState state = ContainerState.CREATED;
        private Long pid;
        private Integer exitCode;
        private Instant started;

        private Container(String id, List<String> command)
        {
            this.id = id;
            this.command = command;
        }

        private void exit(int code)
        {
            state = ContainerState.EXITED;
            exitCode = code;
        }

        private ContainerStatus status(String backend)
        {
            return new ContainerStatus(id, backend, state,
                    state == ContainerState.RUNNING && pid != null ? OptionalLong.of(pid) : OptionalLong.empty(),
                    Optional.ofNullable(exitCode).map(ExitStatus::of), Optional.ofNullable(started));
        }
    }
}
