package dev.berth.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.unit.HumanDurations;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.lifecycle.ServiceView;
import dev.berth.node.metrics.AgentMetrics;
import dev.berth.node.pressure.NodeConditions;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** {@code /v1/containers/...}, {@code /v1/services} and {@code /v1/deploy}: the ServiceManager over HTTP. */
public final class ContainerEndpoints
{
    /** How long {@code berth run} in a cluster waits for the scheduler to place it and the node to start it. */
    private static final Duration PLACEMENT_WAIT = Duration.ofSeconds(60);
    /** How long an attached {@code berth run} waits for its container after the log stream ends. */
    static final Duration ATTACH_WAIT = Duration.ofDays(365);

    private final ServiceManager services;
    private final AgentMetrics metrics;
    private final ClusterOperations cluster;
    private final Inflight inflight;
    private final NodeConditions conditions;

    public ContainerEndpoints(ServiceManager services, AgentMetrics metrics, ClusterOperations cluster, Inflight inflight)
    {
        this(services, metrics, cluster, inflight, NodeConditions.NONE);
    }

    public ContainerEndpoints(ServiceManager services, AgentMetrics metrics, ClusterOperations cluster, Inflight inflight, NodeConditions conditions)
    {
        this.services = requireNonNull(services, "services is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.inflight = requireNonNull(inflight, "inflight is null");
        this.conditions = requireNonNull(conditions, "conditions is null");
    }

    boolean handle(String method, List<String> path, Exchange exchange)
    {
        if (path.size() == 1) {
            return switch (method) {
                case "GET" -> json(exchange, 200, ViewJson.containers(services.containers()));
                case "POST" -> run(exchange);
                default -> false;
            };
        }
        String name = path.get(1);
        if (path.size() == 2) {
            return switch (method) {
                case "GET" -> json(exchange, 200, ViewJson.container(services.inspect(name)));
                case "DELETE" -> remove(name, exchange);
                default -> false;
            };
        }
        String action = path.get(2);
        if (path.size() != 3) {
            return false;
        }
        return switch (method + " " + action) {
            case "POST stop" -> stop(name, exchange);
            case "GET wait" -> waitFor(name, exchange);
            case "GET logs" -> logs(name, exchange);
            case "POST exec" -> exec(name, exchange);
            default -> false;
        };
    }

    boolean handleServices(String method, List<String> path, Exchange exchange)
    {
        if (path.equals(List.of("services")) && method.equals("GET")) {
            ArrayNode array = ViewJson.JSON.createArrayNode();
            services.services().forEach(view -> array.add(ViewJson.service(view)));
            return json(exchange, 200, array);
        }
        if (path.size() == 2 && path.get(0).equals("services") && method.equals("GET")) {
            String name = path.get(1);
            ServiceView view = services.services().stream().filter(service -> service.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NotFound(name, "no service of that name on this node"));
            return json(exchange, 200, ViewJson.service(view));
        }
        if (path.equals(List.of("deploy")) && method.equals("POST") && cluster.submitsToCluster()) {
            // In a cluster the scheduler decides where each service runs, possibly on this node.
            String text = exchange.body();
            return json(exchange, 200, timed("deploy", "cluster", () -> cluster.submit(text)));
        }
        if (path.equals(List.of("deploy")) && method.equals("POST")) {
            List<ServiceDocument> documents = ServiceDocuments.fromDeploy(exchange.body());
            refuseNewWork(documents.get(0).spec().name());
            DeployResult result = timed("deploy", "agent", () -> services.deploy(documents));
            return json(exchange, 200, ViewJson.deploy(result));
        }
        return false;
    }

    private boolean run(Exchange exchange)
    {
        RunBody request = RequestBodies.read(exchange.jsonBody(), RunBody.class, "a run request");
        ServiceDocument document = ServiceDocuments.fromRun(request);
        if (cluster.submitsToCluster() && !request.onThisNode()) {
            // in a cluster the scheduler places it; the answer names the node, whose agent the client follows
            JsonNode placed = timed("run", "cluster", () -> cluster.run(document, PLACEMENT_WAIT));
            ObjectNode answer = ViewJson.JSON.createObjectNode();
            answer.set("placed", placed);
            if (!exchange.flag("attach")) {
                return json(exchange, 201, answer);
            }
            try (JsonLines lines = exchange.stream(200)) {
                lines.write(answer);
            }
            return true;
        }
        refuseNewWork(document.spec().name());
        if (!exchange.flag("attach")) {
            ContainerView view = timedView("run", () -> services.run(document));
            return json(exchange, 201, ViewJson.container(view));
        }
        // the slot before the container: a run refused for want of one must not leave a container behind
        try (Inflight.Slot slot = inflight.openStream("attached run of " + document.spec().name())) {
            ContainerView view = timedView("run", () -> services.run(document));
            return attach(view, request.remove(), exchange);
        }
    }

    private boolean attach(ContainerView view, boolean remove, Exchange exchange)
    {
        try (JsonLines lines = exchange.stream(200)) {
            ObjectNode first = ViewJson.JSON.createObjectNode();
            first.set("container", ViewJson.container(view));
            lines.write(first);
            try {
                try (LogReader reader = services.logs(view.id(), new LogOptions(true, -1))) {
                    inflight.addStream(reader);
                    lines.onClientGone(reader);
                    try {
                        while (reader.hasNext()) {
                            ObjectNode line = ViewJson.JSON.createObjectNode();
                            line.set("log", ViewJson.log(reader.next()));
                            if (!lines.write(line)) {
                                return true;
                            }
                        }
                    }
                    finally {
                        inflight.removeStream(reader);
                    }
                }
                if (lines.gone()) {
                    // the client left (its heartbeat failed): the container keeps running, as after a detach
                    return true;
                }
                if (inflight.closing()) {
                    throw new dev.berth.core.error.Internal("the agent is stopping; container " + view.id()
                            + " keeps running: follow it with berth logs -f after the agent is back");
                }
                ExitStatus exit = services.wait(view.id(), ATTACH_WAIT);
                if (remove) {
                    timed("remove", view.backend(), () -> {
                        services.remove(view.id(), true);
                        return null;
                    });
                }
                ObjectNode last = ViewJson.JSON.createObjectNode();
                last.set("exit", ViewJson.exit(exit));
                lines.write(last);
            }
            catch (AgentError error) {
                ObjectNode last = ViewJson.JSON.createObjectNode();
                last.set("error", ErrorWire.encode(error, ViewJson.JSON));
                lines.write(last);
            }
        }
        return true;
    }

    /** A wait can last as long as the container: it takes a stream slot, so waits never starve short requests. */
    private boolean waitFor(String name, Exchange exchange)
    {
        Duration timeout = exchange.query("timeout").map(HumanDurations::parse).orElse(ATTACH_WAIT);
        try (Inflight.Slot slot = inflight.openStream("wait for " + name)) {
            return json(exchange, 200, ViewJson.exit(services.wait(name, timeout)));
        }
    }

    private boolean stop(String name, Exchange exchange)
    {
        Optional<Duration> grace = exchange.query("grace").map(HumanDurations::parse);
        List<ContainerView> stopped = timed("stop", "agent", () -> services.stop(name, grace));
        return json(exchange, 200, ViewJson.containers(stopped));
    }

    private boolean remove(String name, Exchange exchange)
    {
        boolean force = exchange.flag("force");
        timed("remove", backendOf(name), () -> {
            services.remove(name, force);
            return null;
        });
        exchange.noContent();
        return true;
    }

    /**
     * The metrics tag of a removal: the backend of what the name covers, or "agent" for several backends or none (a
     * service's replicas may sit on two; a service may have none left). Never a reason to refuse the removal.
     */
    private String backendOf(String name)
    {
        List<String> backends = services.containers().stream()
                .filter(container -> container.id().equals(name) || container.service().equals(name))
                .map(ContainerView::backend)
                .distinct()
                .toList();
        return backends.size() == 1 ? backends.get(0) : "agent";
    }

    private boolean logs(String name, Exchange exchange)
    {
        int tail = exchange.query("tail").map(Integer::parseInt).orElse(-1);
        boolean follow = exchange.flag("follow");
        try (Inflight.Slot slot = follow ? inflight.openStream("logs -f of " + name) : Inflight.Slot.NONE) {
            LogReader reader = services.logs(name, new LogOptions(follow, tail));
            inflight.addStream(reader);
            try (reader; JsonLines lines = exchange.stream(200)) {
                lines.onClientGone(reader);
                while (reader.hasNext()) {
                    if (!lines.write(ViewJson.log(reader.next()))) {
                        break;
                    }
                }
            }
            finally {
                inflight.removeStream(reader);
            }
        }
        return true;
    }

    private boolean exec(String name, Exchange exchange)
    {
        ExecBody body = RequestBodies.read(exchange.jsonBody(), ExecBody.class, "an exec request");
        if (body.command().isEmpty()) {
            throw new InvalidSpec("command: required, a non-empty list");
        }
        body.env().forEach((key, value) -> {
            if (value == null) {
                throw new InvalidSpec("env." + key + ": a value is required");
            }
        });
        Duration timeout = body.timeout() != null ? HumanDurations.parse(body.timeout()) : Duration.ofMinutes(5);
        refuseUnlessRunning(name);
        ExecResult result;
        try {
            result = timed("exec", "agent", () -> services.exec(name, new ExecRequest(body.command(), body.env(), body.user(), timeout)));
        }
        catch (Unsupported e) {
            // the record can lag the runtime (the container just exited): ask the runtime whether it has
            Optional<ExitStatus> exited = exitedNow(name);
            if (exited.isPresent()) {
                throw new Conflict(new InvalidSpec("container '" + services.inspect(name).id() + "' is not running (it exited with code " + exited.get().code()
                        + "): exec needs a running container; start it again (berth run or berth deploy) first", e));
            }
            throw e;
        }
        return json(exchange, 200, ViewJson.exec(result));
    }

    /** Exec needs a running container; one that is not is a conflict with its state, not a runtime's limitation. */
    private void refuseUnlessRunning(String name)
    {
        ContainerView view = services.inspect(name);
        if (view.state() != ContainerState.RUNNING) {
            throw new Conflict(new InvalidSpec("container '" + view.id() + "' is not running (it is " + view.state().name().toLowerCase(Locale.ROOT)
                    + "): exec needs a running container; start it again (berth run or berth deploy) first"));
        }
    }

    private Optional<ExitStatus> exitedNow(String name)
    {
        try {
            return Optional.of(services.wait(name, Duration.ofMillis(100)));
        }
        catch (AgentError notYet) {
            return Optional.empty();
        }
    }

    /** A drained node, or one under memory or pid pressure, takes no new work: the scheduler places it on a peer. */
    private void refuseNewWork(String service)
    {
        if (cluster.draining()) {
            throw new RouteToPeer(service, "any", "this node is drained and takes no new work; undrain it or place the service on a peer");
        }
        conditions.admit(service);
    }

    private ContainerView timedView(String operation, Supplier<ContainerView> action)
    {
        long start = System.nanoTime();
        try {
            ContainerView view = action.get();
            metrics.recordOperation(operation, view.backend(), Duration.ofNanos(System.nanoTime() - start), null);
            return view;
        }
        catch (AgentError error) {
            metrics.recordOperation(operation, "none", Duration.ofNanos(System.nanoTime() - start), error);
            throw error;
        }
    }

    private <T> T timed(String operation, String backend, Supplier<T> action)
    {
        long start = System.nanoTime();
        try {
            T result = action.get();
            metrics.recordOperation(operation, backend, Duration.ofNanos(System.nanoTime() - start), null);
            return result;
        }
        catch (AgentError error) {
            metrics.recordOperation(operation, backend, Duration.ofNanos(System.nanoTime() - start), error);
            throw error;
        }
    }

    private static boolean json(Exchange exchange, int status, JsonNode node)
    {
        exchange.json(status, node);
        return true;
    }
}
