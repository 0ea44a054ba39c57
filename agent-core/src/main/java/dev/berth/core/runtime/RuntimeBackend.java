package dev.berth.core.runtime;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.Unsupported;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.PlatformSpec;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A container runtime backend: the contract every backend (youki, HCS, the WSL2 delegate) fulfils and the
 * composite runtime drives. Every method fails only with an {@link AgentError}; every call out of the process is
 * bounded by a timeout. An unknown container id is {@link NotFound}.
 *
 * <p>Optional capabilities are default methods that answer {@link Unsupported}; {@link #capabilities()} says
 * which a backend overrides.
 */
public interface RuntimeBackend
{
    /** The backend's name, as used in config ({@code runtime.<name>.…}) and in the ownership record. */
    String name();

    /** The OS families whose containers this backend runs. */
    Set<OsFamily> servedOs();

    BackendCapabilities capabilities();

    /**
     * Makes the image available to this backend and reads its platform.
     *
     * @throws WrongPlatform when the image's OS is not one this backend serves, before any layer work
     */
    PulledImage pull(String image, PlatformSpec platform);

    /** Creates the container, stopped. A failure leaves the container on record with the backend's evidence. */
    ContainerStatus create(ContainerRequest request);

    void start(String id);

    /** Asks the container to stop (SIGTERM or the platform's equivalent), and kills it after {@code grace}. */
    void stop(String id, Duration grace);

    void kill(String id, int signal);

    /** Deletes the container and its runtime state. A running container is refused unless {@code force}. */
    void remove(String id, boolean force);

    ContainerStatus state(String id);

    /** Every container this backend's runtime knows, the agent's or not, for recovery and orphan reports. */
    List<ContainerStatus> list();

    /** Blocks until the container exits or {@code timeout} passes ({@code Timeout}). */
    ExitStatus wait(String id, Duration timeout);

    default LogReader logs(String id, LogOptions options)
    {
        throw new Unsupported(name() + " does not provide logs");
    }

    default ExecResult exec(String id, ExecRequest request)
    {
        throw new Unsupported(name() + " does not provide exec");
    }

    default ContainerStats stats(String id)
    {
        throw new Unsupported(name() + " does not provide stats");
    }
}
