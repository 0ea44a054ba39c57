package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Redaction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service as a user declares it, validated. Built by {@link SpecParser}; every collection is immutable.
 *
 * @param command replaces the image's entrypoint when not empty
 * @param args replaces the image's cmd when not empty
 * @param secretEnv names of env entries whose values are secret: never logged, never shown by inspect
 * @param runtime an explicit backend name ({@code youki}, {@code hcs}, {@code wsl2}); empty lets the composite choose
 * @param startTimeout how long a replica may take to reach running
 * @param stopGrace how long stop waits after SIGTERM before SIGKILL
 * @param cluster how the service behaves in a cluster; {@link ClusterPolicy#DEFAULT} outside one
 * @param update how a changed spec replaces the replicas
 */
public record ServiceSpec(
        String name,
        String image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        Set<String> secretEnv,
        String workingDir,
        String user,
        boolean tty,
        List<PortSpec> ports,
        List<MountSpec> mounts,
        NetworkMode network,
        Resources resources,
        PlatformSpec platform,
        Isolation isolation,
        Optional<String> runtime,
        Map<String, String> labels,
        Optional<HealthCheck> health,
        List<InitStep> init,
        InitFailurePolicy initPolicy,
        List<Dependency> depends,
        RestartPolicy restart,
        int replicas,
        SecuritySpec security,
        Duration startTimeout,
        Duration stopGrace,
        ClusterPolicy cluster,
        UpdatePolicy update)
{
    /** The label that names a backend explicitly, as an alternative to the {@code runtime} field. */
    public static final String RUNTIME_LABEL = "berth.runtime";

    public ServiceSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(image, "image is null");
        command = List.copyOf(requireNonNull(command, "command is null"));
        args = List.copyOf(requireNonNull(args, "args is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        secretEnv = Set.copyOf(requireNonNull(secretEnv, "secretEnv is null"));
        requireNonNull(workingDir, "workingDir is null");
        requireNonNull(user, "user is null");
        ports = List.copyOf(requireNonNull(ports, "ports is null"));
        mounts = List.copyOf(requireNonNull(mounts, "mounts is null"));
        requireNonNull(network, "network is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(isolation, "isolation is null");
        requireNonNull(runtime, "runtime is null");
        labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        requireNonNull(health, "health is null");
        init = List.copyOf(requireNonNull(init, "init is null"));
        requireNonNull(initPolicy, "initPolicy is null");
        depends = List.copyOf(requireNonNull(depends, "depends is null"));
        requireNonNull(restart, "restart is null");
        requireNonNull(security, "security is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(stopGrace, "stopGrace is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(update, "update is null");
    }

    /** A spec with the default {@link UpdatePolicy}: every field of the spec but {@code update}. */
    public ServiceSpec(String name, String image, List<String> command, List<String> args, Map<String, String> env, Set<String> secretEnv,
            String workingDir, String user, boolean tty, List<PortSpec> ports, List<MountSpec> mounts, NetworkMode network, Resources resources,
            PlatformSpec platform, Isolation isolation, Optional<String> runtime, Map<String, String> labels, Optional<HealthCheck> health,
            List<InitStep> init, InitFailurePolicy initPolicy, List<Dependency> depends, RestartPolicy restart, int replicas,
            SecuritySpec security, Duration startTimeout, Duration stopGrace, ClusterPolicy cluster)
    {
        this(name, image, command, args, env, secretEnv, workingDir, user, tty, ports, mounts, network, resources, platform, isolation,
                runtime, labels, health, init, initPolicy, depends, restart, replicas, security, startTimeout, stopGrace, cluster, UpdatePolicy.DEFAULT);
    }

    /** A spec with the default {@link ClusterPolicy}: every field of the spec but {@code cluster}. */
    public ServiceSpec(String name, String image, List<String> command, List<String> args, Map<String, String> env, Set<String> secretEnv,
            String workingDir, String user, boolean tty, List<PortSpec> ports, List<MountSpec> mounts, NetworkMode network, Resources resources,
            PlatformSpec platform, Isolation isolation, Optional<String> runtime, Map<String, String> labels, Optional<HealthCheck> health,
            List<InitStep> init, InitFailurePolicy initPolicy, List<Dependency> depends, RestartPolicy restart, int replicas,
            SecuritySpec security, Duration startTimeout, Duration stopGrace)
    {
        this(name, image, command, args, env, secretEnv, workingDir, user, tty, ports, mounts, network, resources, platform, isolation,
                runtime, labels, health, init, initPolicy, depends, restart, replicas, security, startTimeout, stopGrace, ClusterPolicy.DEFAULT);
    }

    /** A minimal spec: this image, these args, everything else defaulted. For {@code berth run} and tests. */
    public static ServiceSpec of(String name, String image, List<String> args)
    {
        return new ServiceSpec(name, image, List.of(), args, Map.of(), Set.of(), "", "", false, List.of(), List.of(),
                NetworkMode.NONE, Resources.NONE, PlatformSpec.ANY, Isolation.AUTO, Optional.empty(), Map.of(),
                Optional.empty(), List.of(), InitFailurePolicy.FAIL, List.of(), RestartPolicy.NEVER, 1,
                SecuritySpec.DEFAULT, SpecDefaults.START_TIMEOUT, SpecDefaults.STOP_GRACE);
    }

    /** The secret env values, by variable name: what every error about this service's containers is redacted of. */
    public Redaction secrets()
    {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        secretEnv.stream().sorted().filter(env::containsKey).forEach(key -> values.put(key, env.get(key)));
        return Redaction.of(values);
    }

    /** The explicit backend: the {@code runtime} field, else the {@value #RUNTIME_LABEL} label. */
    public Optional<String> explicitRuntime()
    {
        return runtime.or(() -> Optional.ofNullable(labels.get(RUNTIME_LABEL)));
    }
}
