package dev.berth.lifecycle.health;

import static java.util.Objects.requireNonNull;

import dev.berth.core.spec.HealthCheck;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.lifecycle.diagnose.Suspect;
import dev.berth.lifecycle.probe.ProbeResult;
import dev.berth.lifecycle.probe.Prober;

/** Runs one health check of a replica. */
public final class HealthProbe
{
    private final Prober prober;

    public HealthProbe(Prober prober)
    {
        this.prober = requireNonNull(prober, "prober is null");
    }

    public ProbeResult check(String id, ServiceSpec spec, HealthCheck check)
    {
        return switch (check.type()) {
            case TCP -> prober.tcp(id, spec, "", check.port(), check.timeout());
            case HTTP -> prober.http(id, spec, "", check.port(), check.path(), check.expectStatus(), check.timeout());
            case EXEC -> prober.exec(id, check.command(), check.timeout());
        };
    }

    public static Suspect suspect(HealthCheck check, ProbeResult last)
    {
        return switch (check.type()) {
            case TCP, HTTP -> Suspect.port(check.port(), "the health check passed");
            case EXEC -> Suspect.command("the health check command succeeded", last.detail());
        };
    }
}
