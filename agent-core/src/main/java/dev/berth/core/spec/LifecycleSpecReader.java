package dev.berth.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.unit.HumanDurations;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads how a service is started, checked and restarted: health check, init steps, dependencies, restart policy. */
final class LifecycleSpecReader
{
    /** A tcp or http probe's timeout becomes a socket's int of milliseconds (about 24 days). */
    private static final Duration MAX_SOCKET_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private LifecycleSpecReader() {}

    static Optional<HealthCheck> readHealth(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).flatMap(r -> {
            Optional<HealthCheck.Type> type = r.optionalString("type").flatMap(text -> NodeReader.parseEnum(r.path("type"), text, HealthCheck.Type.class, problems));
            if (r.child("type").isEmpty()) {
                problems.add(r.path("type"), "is required (tcp|http|exec)");
            }
            int port = r.integer("port", 0, 0, 65535);
            String httpPath = r.string("path", "/");
            int expect = r.integer("expectStatus", 200, 100, 599);
            List<String> command = r.stringList("command");
            Duration interval = r.duration("interval", SpecDefaults.HEALTH_INTERVAL);
            Duration timeout = r.duration("timeout", SpecDefaults.HEALTH_TIMEOUT);
            int retries = r.integer("retries", SpecDefaults.HEALTH_RETRIES, 1, 1000);
            Duration grace = r.duration("startGrace", SpecDefaults.HEALTH_START_GRACE);
            r.finish();
            type.filter(t -> t != HealthCheck.Type.EXEC).ifPresent(t -> checkSocketProbe(r, t == HealthCheck.Type.HTTP, httpPath, timeout, problems));
            type.ifPresent(t -> requireProbeTarget(t == HealthCheck.Type.EXEC, port, command, r, problems));
            if (interval.isZero()) {
                problems.add(r.path("interval"), "must be greater than zero");
            }
            return type.map(t -> new HealthCheck(t, port, httpPath, expect, command, interval, timeout, retries, grace));
        });
    }

    /** A path an http probe can request (it is put after {@code http://host:port}), and a timeout a socket can take. */
    private static void checkSocketProbe(NodeReader r, boolean http, String httpPath, Duration timeout, SpecProblems problems)
    {
        if (http) {
            try {
                URI.create("http://127.0.0.1:80" + (httpPath.startsWith("/") ? httpPath : "/" + httpPath));
            }
            catch (IllegalArgumentException e) {
                problems.add(r.path("path"), "\"" + httpPath + "\" is not a URL path (escape spaces and the like: %20)");
            }
        }
        if (timeout.compareTo(MAX_SOCKET_TIMEOUT) > 0) {
            problems.add(r.path("timeout"), HumanDurations.format(timeout) + " is over a socket's limit of " + HumanDurations.format(MAX_SOCKET_TIMEOUT));
        }
    }

    private static void requireProbeTarget(boolean exec, int port, List<String> command, NodeReader r, SpecProblems problems)
    {
        if (exec && command.isEmpty()) {
            problems.add(r.path("command"), "is required for an exec check");
        }
        if (!exec && port == 0) {
            problems.add(r.path("port"), "is required for a tcp or http check");
        }
    }

    static List<InitStep> readInit(NodeReader r)
    {
        List<InitStep> steps = new ArrayList<>();
        Optional<JsonNode> raw = r.child("init");
        if (raw.isEmpty()) {
            return steps;
        }
        if (!raw.get().isArray()) {
            r.problems().add(r.path("init"), "must be a list, not " + NodeReader.describe(raw.get()));
            return steps;
        }
        for (int i = 0; i < raw.get().size(); i++) {
            String path = r.path("init") + "[" + i + "]";
            NodeReader.of(raw.get().get(i), path, r.problems()).ifPresent(step -> {
                Optional<InitStep.Kind> kind = step.optionalString("type").flatMap(text -> NodeReader.parseEnum(step.path("type"), text, InitStep.Kind.class, r.problems()));
                if (step.child("type").isEmpty()) {
                    r.problems().add(step.path("type"), "is required (tcp|http|exec|sleep)");
                }
                String host = step.string("host", "127.0.0.1");
                ServiceSpecReader.refuseControl(step.path("host"), host, r.problems());
                int port = step.integer("port", 0, 0, 65535);
                String httpPath = step.string("path", "/");
                int expect = step.integer("expectStatus", 200, 100, 599);
                List<String> command = step.stringList("command");
                Duration duration = step.duration("duration", Duration.ZERO);
                int retries = step.integer("retries", SpecDefaults.INIT_RETRIES, 0, 1000);
                Duration timeout = step.duration("timeout", SpecDefaults.INIT_TIMEOUT);
                step.finish();
                kind.filter(k -> k == InitStep.Kind.TCP || k == InitStep.Kind.HTTP)
                        .ifPresent(k -> checkSocketProbe(step, k == InitStep.Kind.HTTP, httpPath, timeout, r.problems()));
                kind.ifPresent(k -> {
                    switch (k) {
                        case SLEEP -> {
                            if (duration.isZero()) {
                                r.problems().add(step.path("duration"), "is required for a sleep step");
                            }
                        }
                        case EXEC -> requireProbeTarget(true, port, command, step, r.problems());
                        case TCP, HTTP -> requireProbeTarget(false, port, command, step, r.problems());
                    }
                    steps.add(new InitStep(k, host, port, httpPath, expect, command, duration, retries, timeout));
                });
            });
        }
        return steps;
    }

    static List<Dependency> readDepends(NodeReader r)
    {
        List<Dependency> depends = new ArrayList<>();
        Optional<JsonNode> raw = r.child("depends");
        if (raw.isEmpty()) {
            return depends;
        }
        if (!raw.get().isArray()) {
            r.problems().add(r.path("depends"), "must be a list, not " + NodeReader.describe(raw.get()));
            return depends;
        }
        for (int i = 0; i < raw.get().size(); i++) {
            JsonNode element = raw.get().get(i);
            String path = r.path("depends") + "[" + i + "]";
            if (element.isTextual()) {
                depends.add(new Dependency(element.asText(), Dependency.Condition.STARTED, SpecDefaults.DEPENDENCY_TIMEOUT, Dependency.OnTimeout.FAIL));
                continue;
            }
            NodeReader.of(element, path, r.problems()).ifPresent(dependency -> {
                String service = dependency.requiredString("service");
                Dependency.Condition condition = dependency.enumValue("condition", Dependency.Condition.class, Dependency.Condition.STARTED);
                Duration timeout = dependency.duration("timeout", SpecDefaults.DEPENDENCY_TIMEOUT);
                Dependency.OnTimeout onTimeout = dependency.enumValue("onTimeout", Dependency.OnTimeout.class, Dependency.OnTimeout.FAIL);
                dependency.finish();
                depends.add(new Dependency(service, condition, timeout, onTimeout));
            });
        }
        return depends;
    }

    static RestartPolicy readRestart(JsonNode node, String path, SpecProblems problems)
    {
        if (node.isTextual() || node.isBoolean()) {
            return NodeReader.parseEnum(path, NodeReader.yamlWord(node), RestartPolicy.Mode.class, problems)
                    .map(mode -> new RestartPolicy(mode, 0, RestartPolicy.DEFAULT_INITIAL_BACKOFF, RestartPolicy.DEFAULT_MAX_BACKOFF,
                            RestartPolicy.DEFAULT_CRASH_LOOP_RESTARTS, RestartPolicy.DEFAULT_CRASH_LOOP_WINDOW, RestartPolicy.DEFAULT_CRASH_LOOP_DELAY))
                    .orElse(RestartPolicy.NEVER);
        }
        return NodeReader.of(node, path, problems).map(r -> {
            RestartPolicy.Mode mode = r.enumValue("policy", RestartPolicy.Mode.class, RestartPolicy.Mode.NO);
            int maxAttempts = r.integer("maxAttempts", 0, 0, 1_000_000);
            Duration initial = RestartPolicy.DEFAULT_INITIAL_BACKOFF;
            Duration max = RestartPolicy.DEFAULT_MAX_BACKOFF;
            Optional<JsonNode> backoff = r.child("backoff");
            if (backoff.isPresent()) {
                Optional<NodeReader> b = NodeReader.of(backoff.get(), r.path("backoff"), problems);
                if (b.isPresent()) {
                    initial = b.get().duration("initial", initial);
                    max = b.get().duration("max", max);
                    b.get().finish();
                }
            }
            int crashLoopRestarts = RestartPolicy.DEFAULT_CRASH_LOOP_RESTARTS;
            Duration window = RestartPolicy.DEFAULT_CRASH_LOOP_WINDOW;
            Duration delay = RestartPolicy.DEFAULT_CRASH_LOOP_DELAY;
            Optional<JsonNode> crashLoop = r.child("crashLoop");
            if (crashLoop.isPresent()) {
                Optional<NodeReader> c = NodeReader.of(crashLoop.get(), r.path("crashLoop"), problems);
                if (c.isPresent()) {
                    crashLoopRestarts = c.get().integer("restarts", crashLoopRestarts, 1, 1000);
                    window = c.get().duration("window", window);
                    delay = c.get().duration("delay", delay);
                    c.get().finish();
                }
            }
            r.finish();
            if (maxAttempts > 0 && mode != RestartPolicy.Mode.ON_FAILURE) {
                problems.add(r.path("maxAttempts"), "only applies to policy: on-failure");
            }
            if (initial.compareTo(max) > 0) {
                problems.add(r.path("backoff.initial"), "is longer than backoff.max");
            }
            return new RestartPolicy(mode, maxAttempts, initial, max, crashLoopRestarts, window, delay);
        }).orElse(RestartPolicy.NEVER);
    }
}
