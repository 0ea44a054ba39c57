package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ContainerState;
import dev.berth.gpu.assign.GpuAssignment;
import dev.berth.state.StartPhases;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One container as {@code ps} and {@code inspect} show it. {@code env} has secret values redacted.
 * {@code failure} is the AgentError that made it FAILED (or the last one a restart followed). {@code imageDigest} is the
 * manifest it was created from, once pulled: the image it runs on even after its tag moved. {@code startPhases}: how
 * long each phase of its last start took; {@code gpu}: what it was given of the GPUs, and what a recovery found gone.
 */
public record ContainerView(
        String id,
        String service,
        int replica,
        String backend,
        String image,
        Optional<String> imageDigest,
        ContainerState state,
        HealthState health,
        OptionalLong pid,
        OptionalInt exitCode,
        boolean oomKilled,
        Optional<AgentError> failure,
        int restarts,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> finished,
        Map<String, String> env,
        String logPath,
        Optional<BootError> bootError,
        StartPhases startPhases,
        Optional<GpuAssignment> gpu)
{
    public ContainerView
    {
        requireNonNull(id, "id is null");
        requireNonNull(service, "service is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(image, "image is null");
        requireNonNull(imageDigest, "imageDigest is null");
        requireNonNull(state, "state is null");
        requireNonNull(health, "health is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(failure, "failure is null");
        requireNonNull(created, "created is null");
        requireNonNull(started, "started is null");
        requireNonNull(finished, "finished is null");
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(logPath, "logPath is null");
        requireNonNull(bootError, "bootError is null");
        requireNonNull(startPhases, "startPhases is null");
        requireNonNull(gpu, "gpu is null");
    }
}
