package dev.berth.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.text.ControlCharacters;
import dev.berth.core.unit.HumanDurations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates one service from its JSON/YAML tree, recording every problem with its field path: identity,
 * process, env, ports, mounts and security here; resources and platform in {@link ResourceSpecReader}; health, init,
 * dependencies and restart in {@link LifecycleSpecReader}.
 */
final class ServiceSpecReader
{
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_.-]{0,62})");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

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
        if (ControlCharacters.first(image).isPresent()) {
            refuseControl(r.path("image"), image, problems);
        }
        else if (!image.isEmpty() && image.chars().anyMatch(Character::isWhitespace)) {
            problems.add(r.path("image"), "\"" + image + "\" contains whitespace");
        }
        List<String> command = r.stringList("command");
        List<String> args = r.stringList("args");
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> secretEnv = new LinkedHashSet<>();
        readEnv(r, env, secretEnv);
        String workingDir = r.string("workingDir", "");
        refuseControl(r.path("workingDir"), workingDir, problems);
        if (!workingDir.isEmpty() && !workingDir.startsWith("/") && !workingDir.matches("[A-Za-z]:\\\\.*")) {
            problems.add(r.path("workingDir"), "\"" + workingDir + "\" is not an absolute path");
        }
        String user = r.string("user", "");
        refuseControl(r.path("user"), user, problems);
        boolean tty = r.bool("tty", false);
        List<PortSpec> ports = readPorts(r);
        List<MountSpec> mounts = readMounts(r);
        NetworkMode network = r.enumValue("network", NetworkMode.class, ports.stream().anyMatch(PortSpec::published) ? NetworkMode.BRIDGE : NetworkMode.NONE);
        Resources resources = r.child("resources").map(child -> ResourceSpecReader.readResources(child, r.path("resources"), problems)).orElse(Resources.NONE);
        PlatformSpec platform = r.child("platform").map(child -> ResourceSpecReader.readPlatform(child, r.path("platform"), problems)).orElse(PlatformSpec.ANY);
        Isolation isolation = r.enumValue("isolation", Isolation.class, Isolation.AUTO);
        Optional<String> runtime = r.optionalString("runtime");
        runtime.ifPresent(text -> refuseControl(r.path("runtime"), text, problems));
        Map<String, String> labels = r.stringMap("labels");
        labels.forEach((key, value) -> {
            refuseControl(r.path("labels") + "." + ControlCharacters.escape(key), key, problems);
            refuseControl(r.path("labels") + "." + ControlCharacters.escape(key), value, problems);
        });
        Optional<HealthCheck> health = r.child("health").flatMap(child -> LifecycleSpecReader.readHealth(child, r.path("health"), problems));
        List<InitStep> init = LifecycleSpecReader.readInit(r);
        InitFailurePolicy initPolicy = r.enumValue("initPolicy", InitFailurePolicy.class, InitFailurePolicy.FAIL);
        List<Dependency> depends = LifecycleSpecReader.readDepends(r);
        RestartPolicy restart = r.child("restart").map(child -> LifecycleSpecReader.readRestart(child, r.path("restart"), problems)).orElse(RestartPolicy.NEVER);
        int replicas = r.integer("replicas", 1, 0, 1000);
        SecuritySpec security = r.child("security").map(child -> readSecurity(child, r.path("security"), problems)).orElse(SecuritySpec.DEFAULT);
        Duration startTimeout = r.duration("startTimeout", SpecDefaults.START_TIMEOUT);
        Duration stopGrace = boundedStopGrace(r);
        ClusterPolicy cluster = r.child("cluster").map(child -> ClusterPolicy.read(child, r.path("cluster"), problems)).orElse(ClusterPolicy.DEFAULT);
        UpdatePolicy update = r.child("update").map(child -> UpdatePolicy.read(child, r.path("update"), problems)).orElse(UpdatePolicy.DEFAULT);
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
                replicas, security, startTimeout, stopGrace, cluster, update));
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
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String key = entry.getKey();
            if (!ENV_KEY.matcher(key).matches()) {
                r.problems().add(r.path("env") + "." + ControlCharacters.escape(key), "\"" + ControlCharacters.escape(key) + "\" is not a valid variable name");
            }
            int nul = entry.getValue().indexOf('\0');
            if (nul >= 0) {
                // the value is not quoted: it may be a secret, and the runtime would fail with it in its message
                r.problems().refuseNew(r.path("env") + "." + key, "the value contains a NUL character at position " + nul
                        + ", which an environment variable cannot carry");
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
                if (size == 0 && mount.child("size").isPresent()) {
                    // tmpfs takes size=0 as no limit at all: leave the field out for the runtime's default
                    r.problems().refuseNew(mount.path("size"), "must be greater than zero (leave it out for the runtime's default)");
                }
                mount.finish();
                mounts.add(checkMount(new MountSpec(type, source, target, readOnly, size), path, r.problems()));
            });
        }
        return mounts;
    }

    private static MountSpec checkMount(MountSpec mount, String path, SpecProblems problems)
    {
        refuseControl(path + ".source", mount.source(), problems);
        refuseControl(path + ".target", mount.target(), problems);
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

    /** Text that becomes a name, path or label may hold no control character (a terminal would act on it). */
    static void refuseControl(String path, String text, SpecProblems problems)
    {
        ControlCharacters.problem(text).ifPresent(problem -> problems.refuseNew(path, problem));
    }

    /** stopGrace, at most {@link SpecDefaults#MAX_STOP_GRACE}: a longer one stored by an earlier version is cut to it. */
    private static Duration boundedStopGrace(NodeReader r)
    {
        Duration stopGrace = r.duration("stopGrace", SpecDefaults.STOP_GRACE);
        if (stopGrace.compareTo(SpecDefaults.MAX_STOP_GRACE) <= 0) {
            return stopGrace;
        }
        r.problems().refuseNew(r.path("stopGrace"), HumanDurations.format(stopGrace) + " is over the maximum of "
                + HumanDurations.format(SpecDefaults.MAX_STOP_GRACE));
        return SpecDefaults.MAX_STOP_GRACE;
    }

    private static boolean isAbsolute(String path)
    {
        return path.startsWith("/") || path.matches("[A-Za-z]:\\\\.*");
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
                refuseControl(r.path("devices") + "[" + i + "]", devices.get(i), problems);
                if (!devices.get(i).startsWith("/dev/")) {
                    problems.add(r.path("devices") + "[" + i + "]", "\"" + devices.get(i) + "\" is not a /dev path");
                }
            }
            refuseControl(r.path("seccomp"), seccomp, problems);
            if (!seccomp.equals(SecuritySpec.SECCOMP_DEFAULT) && !seccomp.equals(SecuritySpec.SECCOMP_UNCONFINED) && !seccomp.startsWith("/")) {
                problems.add(r.path("seccomp"), "\"" + seccomp + "\" is not default, unconfined or an absolute profile path");
            }
            return new SecuritySpec(privileged, capAdd, capDrop, noNewPrivileges, seccomp, readOnly, devices);
        }).orElse(SecuritySpec.DEFAULT);
    }
}
