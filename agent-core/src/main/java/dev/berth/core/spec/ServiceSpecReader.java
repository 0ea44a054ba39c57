package dev.berth.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates one service from its JSON/YAML tree, recording every problem with its field path. */
final class ServiceSpecReader
{
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_.-]{0,62})");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Below this, a memory limit cannot even start a runtime's init; above it, it is surely a typo. */
    static final long MIN_MEMORY = 6L << 20;
    static final long MAX_MEMORY = 1L << 50;
    static final long MAX_CPU_MILLIS = 1024L * 1000;
    static final long MAX_PIDS = 4_194_304L;

    private ServiceSpecReader() {}

    static Optional<ServiceSpec> read(JsonNode node, String path, Optional<String> nameFromKey, SpecProblems problems)
    {
        Optional<NodeReader> maybe = NodeReader.of(node, path, problems);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        NodeReader r = maybe.get();
        String name = nameFromKey.orElseGet(() -> r.requiredString("name"));
        if (nameFromKey.isPresent()) {
            r.optionalString("name").filter(inner -> !inner.equals(nameFromKey.get()))
                    .ifPresent(inner -> problems.add(r.path("name"), "\"" + inner + "\" differs from its key \"" + nameFromKey.get() + "\""));
        }
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            problems.add(r.path("name"), "\"" + name + "\" is not a valid name (lower-case letters, digits, '-', '_', '.'; at most 63)");
        }
        String image = r.requiredString("image");
        if (!image.isEmpty() && image.chars().anyMatch(Character::isWhitespace)) {
            problems.add(r.path("image"), "\"" + image + "\" contains whitespace");
        }
        List<String> command = r.stringList("command");
        List<String> args = r.stringList("args");
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> secretEnv = new LinkedHashSet<>();
        readEnv(r, env, secretEnv);
        String workingDir = r.string("workingDir", "");
        if (!workingDir.isEmpty() && !workingDir.startsWith("/") && !workingDir.matches("[A-Za-z]:\\\\.*")) {
            problems.add(r.path("workingDir"), "\"" + workingDir + "\" is not an absolute path");
        }
        String user = r.string("user", "");
        boolean tty = r.bool("tty", false);
        List<PortSpec> ports = readPorts(r);
        List<MountSpec> mounts = readMounts(r);
        NetworkMode network = r.enumValue("network", NetworkMode.class, ports.stream().anyMatch(PortSpec::published) ? NetworkMode.BRIDGE : NetworkMode.NONE);
        Resources resources = r.child("resources").map(child -> readResources(child, r.path("resources"), problems)).orElse(Resources.NONE);
        PlatformSpec platform = r.child("platform").map(child -> readPlatform(child, r.path("platform"), problems)).orElse(PlatformSpec.ANY);
        Isolation isolation = r.enumValue("isolation", Isolation.class, Isolation.AUTO);
        Optional<String> runtime = r.optionalString("runtime");
        Map<String, String> labels = r.stringMap("labels");
        Optional<HealthCheck> health = r.child("health").flatMap(child -> readHealth(child, r.path("health"), problems));
        List<InitStep> init = readInit(r);
        InitFailurePolicy initPolicy = r.enumValue("initPolicy", InitFailurePolicy.class, InitFailurePolicy.FAIL);
        List<Dependency> depends = readDepends(r);
        RestartPolicy restart = r.child("restart").map(child -> readRestart(child, r.path("restart"), problems)).orElse(RestartPolicy.NEVER);
        int replicas = r.integer("replicas", 1, 0, 1000);
        SecuritySpec security = r.child("security").map(child -> readSecurity(child, r.path("security"), problems)).orElse(SecuritySpec.DEFAULT);
        Duration startTimeout = r.duration("startTimeout", SpecDefaults.START_TIMEOUT);
        Duration stopGrace = r.duration("stopGrace", SpecDefaults.STOP_GRACE);
        r.finish();

        if (platform.os().isPresent() && platform.os().get() == OsFamily.LINUX && isolation != Isolation.AUTO) {
            problems.add(r.path("isolation"), "\"" + isolation.name().toLowerCase() + "\" isolation is for Windows workloads, but platform.os is linux");
        }
        for (String key : secretEnv) {
            if (!env.containsKey(key)) {
                problems.add(r.path("secretEnv"), "\"" + key + "\" is not an env entry");
            }
        }
        return Optional.of(new ServiceSpec(name, image, command, args, env, secretEnv, workingDir, user, tty, ports, mounts,
                network, resources, platform, isolation, runtime, labels, health, init, initPolicy, depends, restart,
                replicas, security, startTimeout, stopGrace));
    }

    /** env as a mapping or KEY=VALUE list; a value may be {@code {value: x, secret: true}}. */
    private static void readEnv(NodeReader r, Map<String, String> env, Set<String> secretEnv)
    {
        Optional<JsonNode> raw = r.child("env");
        if (raw.isPresent() && raw.get().isObject()) {
            raw.get().fields().forEachRemaining(field -> {
                String path = r.path("env") + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isObject()) {
                    NodeReader.of(value, path, r.problems()).ifPresent(entry -> {
                        env.put(field.getKey(), entry.string("value", ""));
                        if (entry.bool("secret", false)) {
                            secretEnv.add(field.getKey());
                        }
                        entry.finish();
                    });
                }
                else if (value.isValueNode()) {
                    env.put(field.getKey(), value.isNull() ? "" : value.asText());
                }
                else {
                    r.problems().add(path, "must be a string or {value, secret}, not " + NodeReader.describe(value));
                }
            });
        }
        else if (raw.isPresent()) {
            // Let the generic reader handle lists and report anything else.
            env.putAll(reReadMap(r, raw.get()));
        }
        for (String key : env.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                r.problems().add(r.path("env") + "." + key, "\"" + key + "\" is not a valid variable name");
            }
        }
        secretEnv.addAll(r.stringList("secretEnv"));
    }

    private static Map<String, String> reReadMap(NodeReader r, JsonNode raw)
    {
        Map<String, String> out = new LinkedHashMap<>();
        if (!raw.isArray()) {
            r.problems().add(r.path("env"), "must be a mapping or a list of KEY=VALUE, not " + NodeReader.describe(raw));
            return out;
        }
        for (int i = 0; i < raw.size(); i++) {
            String entry = raw.get(i).asText();
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                r.problems().add(r.path("env") + "[" + i + "]", "\"" + entry + "\" is not KEY=VALUE");
            }
            else {
                out.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return out;
    }

    private static List<PortSpec> readPorts(NodeReader r)
    {
        List<PortSpec> ports = new ArrayList<>();
        Optional<JsonNode> raw = r.child("ports");
        if (raw.isEmpty()) {
            return ports;
        }
        if (!raw.get().isArray()) {
            r.problems().add(r.path("ports"), "must be a list, not " + NodeReader.describe(raw.get()));
            return ports;
        }
        for (int i = 0; i < raw.get().size(); i++) {
            JsonNode element = raw.get().get(i);
            String path = r.path("ports") + "[" + i + "]";
            if (element.isValueNode()) {
                PortSyntax.parse(element.asText(), path, r.problems()).ifPresent(ports::add);
                continue;
            }
            NodeReader.of(element, path, r.problems()).ifPresent(port -> {
                int container = port.integer("container", 0, 1, 65535);
                int host = port.integer("host", 0, 0, 65535);
                String protocol = port.string("protocol", "tcp");
                String hostIp = port.string("hostIp", "127.0.0.1");
                port.finish();
                if (container == 0 && port.child("container").isEmpty()) {
                    r.problems().add(path + ".container", "is required");
                }
                if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                    r.problems().add(path + ".protocol", "\"" + protocol + "\" is not one of tcp|udp");
                }
                ports.add(new PortSpec(container, host, protocol, hostIp));
            });
        }
        return ports;
    }

    private static List<MountSpec> readMounts(NodeReader r)
    {
        List<MountSpec> mounts = new ArrayList<>();
        Optional<JsonNode> raw = r.child("mounts");
        if (raw.isEmpty()) {
            return mounts;
        }
        if (!raw.get().isArray()) {
            r.problems().add(r.path("mounts"), "must be a list, not " + NodeReader.describe(raw.get()));
            return mounts;
        }
        for (int i = 0; i < raw.get().size(); i++) {
            JsonNode element = raw.get().get(i);
            String path = r.path("mounts") + "[" + i + "]";
            if (element.isTextual()) {
                String[] parts = element.asText().split(":");
                if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
                    r.problems().add(path, "\"" + element.asText() + "\" is not SOURCE:TARGET[:ro|rw]");
                    continue;
                }
                mounts.add(checkMount(new MountSpec(MountSpec.Type.BIND, parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"), 0), path, r.problems()));
                continue;
            }
            NodeReader.of(element, path, r.problems()).ifPresent(mount -> {
                MountSpec.Type type = mount.enumValue("type", MountSpec.Type.class, MountSpec.Type.BIND);
                String source = mount.string("source", "");
                String target = mount.requiredString("target");
                boolean readOnly = mount.bool("readOnly", false);
                long size = mount.size("size", 0);
                mount.finish();
                mounts.add(checkMount(new MountSpec(type, source, target, readOnly, size), path, r.problems()));
            });
        }
        return mounts;
    }

    private static MountSpec checkMount(MountSpec mount, String path, SpecProblems problems)
    {
        if (mount.type() == MountSpec.Type.BIND && !isAbsolute(mount.source())) {
            problems.add(path + ".source", "\"" + mount.source() + "\" is not an absolute host path");
        }
        if (mount.type() == MountSpec.Type.TMPFS && !mount.source().isEmpty()) {
            problems.add(path + ".source", "a tmpfs mount takes no source");
        }
        if (!mount.target().isEmpty() && !isAbsolute(mount.target())) {
            problems.add(path + ".target", "\"" + mount.target() + "\" is not an absolute container path");
        }
        if (mount.source().contains("/../") || mount.source().endsWith("/..") || mount.target().contains("/../") || mount.target().endsWith("/..")) {
            problems.add(path, "paths must not contain '..'");
        }
        return mount;
    }

    private static boolean isAbsolute(String path)
    {
        return path.startsWith("/") || path.matches("[A-Za-z]:\\\\.*");
    }

    private static Resources readResources(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            long cpuMillis = r.optionalString("cpu").map(text -> CpuQuantity.parse(text, r.path("cpu"), problems)).orElse(0L);
            long cpuShares = r.integer("cpuShares", 0, 0, 262_144);
            long memory = r.size("memory", 0);
            long pids = r.integer("pids", 0, 0, (int) MAX_PIDS);
            Optional<GpuRequest> gpu = r.child("gpu").flatMap(child -> readGpu(child, r.path("gpu"), problems));
            r.finish();
            if (cpuMillis > MAX_CPU_MILLIS) {
                problems.add(r.path("cpu"), "more than 1024 cores is surely a mistake");
            }
            if (memory != 0 && memory < MIN_MEMORY) {
                problems.add(r.path("memory"), memory + " bytes is below the 6Mi minimum a container needs");
            }
            if (memory > MAX_MEMORY) {
                problems.add(r.path("memory"), "more than 1Pi is surely a mistake");
            }
            return new Resources(cpuMillis, cpuShares, memory, pids, gpu);
        }).orElse(Resources.NONE);
    }

    private static Optional<GpuRequest> readGpu(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            int count = r.optionalString("count").map(text -> {
                if (text.equals("all")) {
                    return GpuRequest.ALL;
                }
                try {
                    int parsed = Integer.parseInt(text);
                    if (parsed < 1 || parsed > 64) {
                        problems.add(r.path("count"), parsed + " is out of range (1..64, or \"all\")");
                    }
                    return parsed;
                }
                catch (NumberFormatException e) {
                    problems.add(r.path("count"), "\"" + text + "\" is not a number or \"all\"");
                    return 1;
                }
            }).orElse(1);
            String vendor = r.string("vendor", "nvidia");
            List<String> ids = r.stringList("ids");
            GpuSharing sharing = r.optionalString("sharing")
                    .flatMap(text -> NodeReader.parseEnum(r.path("sharing"), text, GpuSharing.class, problems))
                    .orElse(GpuSharing.EXCLUSIVE);
            MpsSettings mps = r.child("mps").map(child -> readMps(child, r.path("mps"), problems)).orElse(MpsSettings.DEFAULTS);
            OptionalInt timeSliceIndex = r.child("timeSliceIndex").isPresent()
                    ? OptionalInt.of(r.integer("timeSliceIndex", 0, 0, 1024))
                    : OptionalInt.empty();
            r.finish();
            if (timeSliceIndex.isPresent() && sharing != GpuSharing.TIME_SLICE) {
                problems.add(r.path("timeSliceIndex"), "only applies to sharing: time-slice");
            }
            if (!ids.isEmpty() && count != 1 && count != ids.size()) {
                problems.add(r.path("ids"), ids.size() + " ids given but count is " + count);
            }
            return new GpuRequest(ids.isEmpty() ? count : ids.size(), vendor, ids, sharing, mps, timeSliceIndex);
        });
    }

    private static MpsSettings readMps(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            String pipe = r.string("pipeDirectory", MpsSettings.DEFAULT_PIPE_DIRECTORY);
            String log = r.string("logDirectory", MpsSettings.DEFAULT_LOG_DIRECTORY);
            OptionalInt threads = r.child("activeThreadPercentage").isPresent()
                    ? OptionalInt.of(r.integer("activeThreadPercentage", 100, 1, 100))
                    : OptionalInt.empty();
            Optional<String> pinned = r.optionalString("pinnedMemoryLimit");
            r.finish();
            return new MpsSettings(pipe, log, threads, pinned);
        }).orElse(MpsSettings.DEFAULTS);
    }

    private static PlatformSpec readPlatform(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            Optional<OsFamily> os = r.optionalString("os").flatMap(text -> {
                Optional<OsFamily> parsed = OsFamily.fromOciName(text);
                if (parsed.isEmpty()) {
                    problems.add(r.path("os"), "\"" + text + "\" is not one of linux|windows");
                }
                return parsed;
            });
            Optional<String> arch = r.optionalString("arch");
            Optional<String> osVersion = r.optionalString("osVersion");
            r.finish();
            return new PlatformSpec(os, arch, osVersion);
        }).orElse(PlatformSpec.ANY);
    }

    private static Optional<HealthCheck> readHealth(JsonNode node, String path, SpecProblems problems)
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
            type.ifPresent(t -> requireProbeTarget(t == HealthCheck.Type.EXEC, port, command, r, problems));
            if (interval.isZero()) {
                problems.add(r.path("interval"), "must be greater than zero");
            }
            return type.map(t -> new HealthCheck(t, port, httpPath, expect, command, interval, timeout, retries, grace));
        });
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

    private static List<InitStep> readInit(NodeReader r)
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
                int port = step.integer("port", 0, 0, 65535);
                String httpPath = step.string("path", "/");
                int expect = step.integer("expectStatus", 200, 100, 599);
                List<String> command = step.stringList("command");
                Duration duration = step.duration("duration", Duration.ZERO);
                int retries = step.integer("retries", SpecDefaults.INIT_RETRIES, 0, 1000);
                Duration timeout = step.duration("timeout", SpecDefaults.INIT_TIMEOUT);
                step.finish();
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

    private static List<Dependency> readDepends(NodeReader r)
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

    private static RestartPolicy readRestart(JsonNode node, String path, SpecProblems problems)
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

    private static SecuritySpec readSecurity(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            boolean privileged = r.bool("privileged", false);
            List<String> capAdd = r.stringList("capAdd");
            List<String> capDrop = r.stringList("capDrop");
            boolean noNewPrivileges = r.bool("noNewPrivileges", true);
            String seccomp = r.string("seccomp", SecuritySpec.SECCOMP_DEFAULT);
            boolean readOnly = r.bool("readOnlyRootfs", false);
            List<String> devices = r.stringList("devices");
            r.finish();
            for (int i = 0; i < capAdd.size(); i++) {
                if (!capAdd.get(i).matches("(CAP_)?[A-Z_]+")) {
                    problems.add(r.path("capAdd") + "[" + i + "]", "\"" + capAdd.get(i) + "\" is not a capability name");
                }
            }
            for (int i = 0; i < devices.size(); i++) {
                if (!devices.get(i).startsWith("/dev/")) {
                    problems.add(r.path("devices") + "[" + i + "]", "\"" + devices.get(i) + "\" is not a /dev path");
                }
            }
            if (!seccomp.equals(SecuritySpec.SECCOMP_DEFAULT) && !seccomp.equals(SecuritySpec.SECCOMP_UNCONFINED) && !seccomp.startsWith("/")) {
                problems.add(r.path("seccomp"), "\"" + seccomp + "\" is not default, unconfined or an absolute profile path");
            }
            return new SecuritySpec(privileged, capAdd, capDrop, noNewPrivileges, seccomp, readOnly, devices);
        }).orElse(SecuritySpec.DEFAULT);
    }
}
