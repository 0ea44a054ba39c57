package dev.berth.lifecycle.deploy;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.DependencyTimeout;
import dev.berth.core.error.Internal;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.spec.Dependency;
import dev.berth.core.spec.PortSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.HealthState;
import dev.berth.lifecycle.diagnose.EvidenceCollector;
import dev.berth.lifecycle.diagnose.Suspect;
import dev.berth.lifecycle.diagnose.TimeoutEvidence;
import dev.berth.lifecycle.probe.Prober;
import dev.berth.lifecycle.replica.ServiceSpecs;
import dev.berth.state.ContainerRecord;
import dev.berth.state.StateStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Waits for a dependency's condition on any of its replicas: {@code started} (running, init done), {@code healthy}
 * (its health check passes; a service without a check counts as healthy once started) or {@code ready} (healthy,
 * and every declared port accepts connections).
 */
public final class DependencyWaiter
{
    private final StateStore store;
    private final ServiceSpecs specs;
    private final Prober prober;
    private final EvidenceCollector evidence;
    private final Duration poll;
    private final Duration probeTimeout;

    public DependencyWaiter(StateStore store, ServiceSpecs specs, Prober prober, EvidenceCollector evidence, Duration poll, Duration probeTimeout)
    {
        this.probeTimeout = requireNonNull(probeTimeout, "probeTimeout is null");
        this.store = requireNonNull(store, "store is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.prober = requireNonNull(prober, "prober is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.poll = requireNonNull(poll, "poll is null");
    }

    /** @throws DependencyTimeout with the evidence about the dependency's first replica as its cause */
    public void await(String service, Dependency dependency)
    {
        long deadline = System.nanoTime() + dependency.timeout().toNanos();
        while (true) {
            if (met(dependency)) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new DependencyTimeout(service, dependency.service(), dependency.condition().name().toLowerCase(), dependency.timeout(),
                        evidenceFor(dependency));
            }
            try {
                Thread.sleep(Math.max(1, poll.toMillis()));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Internal("interrupted while waiting for " + dependency.service(), e);
            }
        }
    }

    private boolean met(Dependency dependency)
    {
        List<ContainerRecord> replicas = store.containersOf(dependency.service());
        for (ContainerRecord replica : replicas) {
            if (replica.state() != ContainerState.RUNNING) {
                continue;
            }
            HealthState health = HealthState.valueOf(replica.health());
            boolean healthy = health == HealthState.HEALTHY || health == HealthState.NONE;
            switch (dependency.condition()) {
                case STARTED -> {
                    return true;
                }
                case HEALTHY -> {
                    if (healthy) {
                        return true;
                    }
                }
                case READY -> {
                    if (healthy && portsAccept(replica)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean portsAccept(ContainerRecord replica)
    {
        ServiceSpec spec = specs.get(replica.service());
        for (PortSpec port : spec.ports()) {
            if (port.protocol().equalsIgnoreCase("udp")) {
                continue;
            }
            if (!prober.tcp(replica.id(), spec, "", port.containerPort(), probeTimeout).passed()) {
                return false;
            }
        }
        return true;
    }

    private TimeoutEvidence evidenceFor(Dependency dependency)
    {
        List<ContainerRecord> replicas = store.containersOf(dependency.service());
        if (replicas.isEmpty()) {
            return new TimeoutEvidence(false, OptionalInt.empty(), 0, List.of(),
                    "service '" + dependency.service() + "' has no replica on this node: is it deployed?");
        }
        ContainerRecord first = replicas.stream().filter(replica -> replica.state() == ContainerState.RUNNING).findFirst().orElse(replicas.get(0));
        Optional<ServiceSpec> spec = Optional.ofNullable(specs.get(first.service()));
        Suspect suspect = switch (dependency.condition()) {
            case STARTED -> Suspect.other(first.id() + " reached running");
            case HEALTHY -> spec.flatMap(ServiceSpec::health).filter(check -> check.port() > 0)
                    .map(check -> Suspect.port(check.port(), first.id() + " became healthy"))
                    .orElse(Suspect.command(first.id() + " became healthy", "its health is " + first.health().toLowerCase()
                            + first.failure().map(error -> " (" + error.getMessage() + ")").orElse("")));
            case READY -> spec.flatMap(candidate -> candidate.ports().stream().findFirst())
                    .map(port -> Suspect.port(port.containerPort(), first.id() + " accepted connections"))
                    .orElse(Suspect.other(first.id() + " became ready"));
        };
        return evidence.collect(first.id(), suspect);
    }
}
