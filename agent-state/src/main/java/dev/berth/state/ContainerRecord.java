package dev.berth.state;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.runtime.ContainerState;
import dev.berth.gpu.assign.GpuAssignment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One container as the store keeps it. {@code failure} is the error that made it FAILED (or the last one a restart
 * followed); {@code restartTimes} are the recent restarts, for the crash-loop window; {@code nextRestartAt} is
 * set while a restart backoff runs. {@code health} is the lifecycle's health state name. {@code startPhases}: how long
 * each phase of its last start took. {@code gpu}: the GPUs, MPS daemon and time slice it was given, kept so a
 * restarted agent knows what a running container holds without admitting it again.
 */
public record ContainerRecord(
        String id,
        String service,
        int replica,
        String backend,
        ContainerState state,
        String image,
        Optional<String> imageDigest,
        OptionalLong pid,
        OptionalInt exitCode,
        boolean oomKilled,
        Optional<AgentError> failure,
        int restartCount,
        List<Instant> restartTimes,
        Optional<Instant> nextRestartAt,
        String health,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> finished,
        String logPath,
        String bundlePath,
        boolean stoppedByUser,
        StartPhases startPhases,
        Optional<GpuAssignment> gpu)
{
    public ContainerRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(service, "service is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(state, "state is null");
        requireNonNull(image, "image is null");
        requireNonNull(imageDigest, "imageDigest is null");
        requireNonNull(pid, "pid is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(failure, "failure is null");
        restartTimes = List.copyOf(requireNonNull(restartTimes, "restartTimes is null"));
        requireNonNull(nextRestartAt, "nextRestartAt is null");
        requireNonNull(health, "health is null");
        requireNonNull(created, "created is null");
        requireNonNull(started, "started is null");
        requireNonNull(finished, "finished is null");
        requireNonNull(logPath, "logPath is null");
        requireNonNull(bundlePath, "bundlePath is null");
        requireNonNull(startPhases, "startPhases is null");
        requireNonNull(gpu, "gpu is null");
    }

    /** A new PENDING record with nothing run yet. */
    public static ContainerRecord pending(String id, String service, int replica, String image, String health, String logPath)
    {
        return new ContainerRecord(id, service, replica, "", ContainerState.PENDING, image, Optional.empty(), OptionalLong.empty(),
                OptionalInt.empty(), false, Optional.empty(), 0, List.of(), Optional.empty(), health, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Optional.empty(), Optional.empty(), logPath, "", false, StartPhases.NONE, Optional.empty());
    }

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /** Changes a copy of a record, field by field. */
    public static final class Builder
    {
        private String id;
        private String service;
        private int replica;
        private String backend;
        private ContainerState state;
        private String image;
        private Optional<String> imageDigest;
        private OptionalLong pid;
        private OptionalInt exitCode;
        private boolean oomKilled;
        private Optional<AgentError> failure;
        private int restartCount;
        private List<Instant> restartTimes;
        private Optional<Instant> nextRestartAt;
        private String health;
        private Instant created;
        private Optional<Instant> started;
        private Optional<Instant> finished;
        private String logPath;
        private String bundlePath;
        private boolean stoppedByUser;
        private StartPhases startPhases;
        private Optional<GpuAssignment> gpu;

        private Builder(ContainerRecord record)
        {
            id = record.id;
            service = record.service;
            replica = record.replica;
            backend = record.backend;
            state = record.state;
            image = record.image;
            imageDigest = record.imageDigest;
            pid = record.pid;
            exitCode = record.exitCode;
            oomKilled = record.oomKilled;
            failure = record.failure;
            restartCount = record.restartCount;
            restartTimes = record.restartTimes;
            nextRestartAt = record.nextRestartAt;
            health = record.health;
            created = record.created;
            started = record.started;
            finished = record.finished;
            logPath = record.logPath;
            bundlePath = record.bundlePath;
            stoppedByUser = record.stoppedByUser;
            startPhases = record.startPhases;
            gpu = record.gpu;
        }

        public Builder backend(String value)
        {
            backend = value;
            return this;
        }

        public Builder state(ContainerState value)
        {
            state = value;
            return this;
        }

        public Builder imageDigest(Optional<String> value)
        {
            imageDigest = value;
            return this;
        }

        public Builder pid(OptionalLong value)
        {
            pid = value;
            return this;
        }

        public Builder exitCode(OptionalInt value)
        {
            exitCode = value;
            return this;
        }

        public Builder oomKilled(boolean value)
        {
            oomKilled = value;
            return this;
        }

        public Builder failure(Optional<AgentError> value)
        {
            failure = value;
            return this;
        }

        public Builder restartCount(int value)
        {
            restartCount = value;
            return this;
        }

        public Builder restartTimes(List<Instant> value)
        {
            restartTimes = value;
            return this;
        }

        public Builder nextRestartAt(Optional<Instant> value)
        {
            nextRestartAt = value;
            return this;
        }

        public Builder health(String value)
        {
            health = value;
            return this;
        }

        public Builder started(Optional<Instant> value)
        {
            started = value;
            return this;
        }

        public Builder finished(Optional<Instant> value)
        {
            finished = value;
            return this;
        }

        public Builder logPath(String value)
        {
            logPath = value;
            return this;
        }

        public Builder bundlePath(String value)
        {
            bundlePath = value;
            return this;
        }

        public Builder stoppedByUser(boolean value)
        {
            stoppedByUser = value;
            return this;
        }

        public Builder startPhases(StartPhases value)
        {
            startPhases = value;
            return this;
        }

        public Builder gpu(Optional<GpuAssignment> value)
        {
            gpu = value;
            return this;
        }

        public ContainerRecord build()
        {
            return new ContainerRecord(id, service, replica, backend, state, image, imageDigest, pid, exitCode, oomKilled, failure,
                    restartCount, restartTimes, nextRestartAt, health, created, started, finished, logPath, bundlePath, stoppedByUser,
                    startPhases, gpu);
        }
    }
}
