package dev.berth.core.runtime;

import dev.berth.core.error.AgentError;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What {@link RuntimeBackendContractTest} needs from a backend module: the backend, an image, the commands to run,
 * and the fixtures some behaviours need. A fixture left empty skips its behaviour, visibly; every real backend
 * supplies the ones it can.
 */
public abstract class RuntimeBackendContractFixture
{
    private final List<String> created = new ArrayList<>();

    protected abstract RuntimeBackend backend();

    /** An image this backend can run, already pulled. */
    protected abstract PulledImage image();

    protected List<String> longRunning()
    {
        return List.of("sleep", "300");
    }

    protected List<String> exitWith(int code)
    {
        return List.of("sh", "-c", "exit " + code);
    }

    protected List<String> print(String text)
    {
        return List.of("echo", text);
    }

    protected Duration timeout()
    {
        return Duration.ofSeconds(30);
    }

    protected ServiceSpec spec(String name, List<String> args)
    {
        return ServiceSpec.of(name, image().reference(), args);
    }

    /** A second backend instance over the same state, as the next agent JVM builds it; empty where there is none. */
    protected Optional<RuntimeBackend> reopen()
    {
        return Optional.empty();
    }

    /** The reference of an image for an OS this backend does not serve, which its image source holds. */
    protected Optional<String> otherOsImage()
    {
        return Optional.empty();
    }

    /** A pulled image whose config says {@code StopSignal: SIGUSR1}. */
    protected Optional<PulledImage> usr1StopSignalImage()
    {
        return Optional.empty();
    }

    /** A command whose executable the image lacks: the create or the start fails. */
    protected Optional<List<String>> missingExecutable()
    {
        return posix() ? Optional.of(List.of("/contract-no-such-binary")) : Optional.empty();
    }

    /**
     * A user the spec can name that the image does not run as by default, as {@link #printEnvironmentAndUser} prints
     * it: a numeric uid on Linux; Windows has no numeric users, so a backend for it names one of the image's accounts.
     */
    protected String otherUser()
    {
        return "65534";
    }

    /** Prints the value of {@code variable} and the user (as {@link #otherUser} names it), one a line. */
    protected Optional<List<String>> printEnvironmentAndUser(String variable)
    {
        return posix() ? Optional.of(List.of("sh", "-c", "echo \"$" + variable + "\"; id -u")) : Optional.empty();
    }

    /** Prints {@code first}, pauses about a second, prints {@code second}, exits 0. */
    protected Optional<List<String>> printWithPause(String first, String second)
    {
        return posix() ? Optional.of(List.of("sh", "-c", "echo " + first + "; sleep 1; echo " + second)) : Optional.empty();
    }

    /** Prints "ready" once it handles SIGUSR1, then {@code marker} on each SIGUSR1, and goes on: only SIGKILL ends it. */
    protected List<String> reportUsr1AndCarryOn(String marker)
    {
        return List.of("sh", "-c", "trap 'echo " + marker + "' USR1; echo ready; while true; do sleep 0.1; done");
    }

    private boolean posix()
    {
        return image().platform().osFamily().orElse(null) == OsFamily.LINUX;
    }

    protected final String newId()
    {
        String id = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(id);
        return id;
    }

    protected final ContainerStatus create(List<String> args)
    {
        return create(image(), args, UnaryOperator.identity());
    }

    /** Creates a container of {@code image} running {@code args}, its spec changed by {@code edit}. */
    protected final ContainerStatus create(PulledImage image, List<String> args, UnaryOperator<ServiceSpec> edit)
    {
        String id = newId();
        return backend().create(new ContainerRequest(id, edit.apply(spec(id, args)), image, Map.of()));
    }

    /** {@code spec} with extra environment and a user. */
    protected static ServiceSpec withEnvironmentAndUser(ServiceSpec s, Map<String, String> env, String user)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), env, s.secretEnv(), s.workingDir(), user, s.tty(), s.ports(),
                s.mounts(), s.network(), s.resources(), s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), s.security(), s.startTimeout(), s.stopGrace());
    }

    @AfterEach
    void removeCreated()
    {
        for (String id : created) {
            try {
                backend().remove(id, true);
            }
            catch (AgentError ignored) {
                // already removed by the test, or never created
            }
        }
        created.clear();
    }
}
