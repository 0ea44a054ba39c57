package dev.berth.lifecycle.view;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.BootError;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.RolloutView;
import dev.berth.lifecycle.ServiceView;
import dev.berth.lifecycle.replica.ContainerDirs;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.state.ContainerRecord;
import dev.berth.state.Rollout;
import dev.berth.state.ServiceRecord;
import dev.berth.state.boot.BootErrorFile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the API's views from store records; secret env values are redacted. */
public final class Views
{
    public static final String REDACTED = "<redacted>";

    private final ServiceSpecs specs;
    private final ContainerDirs dirs;

    public Views(ServiceSpecs specs, ContainerDirs dirs)
    {
        this.specs = requireNonNull(specs, "specs is null");
        this.dirs = requireNonNull(dirs, "dirs is null");
    }

    public ContainerView container(ContainerRecord record)
    {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            ServiceSpec spec = specs.get(record.service());
            spec.env().forEach((name, value) -> env.put(name, spec.secretEnv().contains(name) ? REDACTED : value));
        }
        catch (RuntimeException e) {
            env.put("(spec unavailable)", e.getMessage() == null ? "" : e.getMessage());
        }
        Optional<BootError> bootError = BootErrorFile.read(dirs.of(record.id()))
                .map(entry -> new BootError(entry.time(), entry.stage(), entry.errno(), entry.message()));
        return new ContainerView(record.id(), record.service(), record.replica(), record.backend(), record.image(), record.imageDigest(), record.state(),
                HealthState.valueOf(record.health()), record.pid(), record.exitCode(), record.oomKilled(), record.failure(),
                record.restartCount(), record.created(), record.started(), record.finished(), env, record.logPath(), bootError,
                record.startPhases(), record.gpu());
    }

    public static ServiceView service(ServiceRecord service, String image, List<ContainerRecord> containers, Optional<Rollout> rollout)
    {
        long running = containers.stream().filter(container -> container.state() == ContainerState.RUNNING).count();
        long failed = containers.stream().filter(container -> container.state() == ContainerState.FAILED).count();
        long waiting = containers.stream().filter(container -> container.state() == ContainerState.RESTARTING
                || container.state() == ContainerState.CRASH_LOOP_BACKOFF).count();
        StringBuilder status = new StringBuilder();
        status.append(service.stoppedByUser() ? "stopped" : "running").append(' ').append(running).append('/').append(service.desiredReplicas());
        if (failed > 0) {
            status.append(", ").append(failed).append(" failed");
        }
        if (waiting > 0) {
            status.append(", ").append(waiting).append(" restarting");
        }
        Optional<RolloutView> update = rollout.map(last -> new RolloutView(last.from(), last.to(), last.state().name().toLowerCase().replace('_', '-'),
                last.replaced(), last.total(), last.reason()));
        return new ServiceView(service.name(), image, service.desiredReplicas(), containers.stream().map(ContainerRecord::id).toList(),
                status.toString(), rollout.map(Rollout::current).orElse(1L), update);
    }
}
