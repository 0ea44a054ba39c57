package dev.berth.node.bootstrap;

import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.ServiceDocument;
import dev.berth.lifecycle.ServiceManager;
import dev.berth.lifecycle.ServiceView;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Temporary seam until agent-lifecycle's ServiceManager is bound: lists are empty, operations are Unsupported. */
final class UnwiredServiceManager
        implements ServiceManager
{
    private static Unsupported unwired()
    {
        return new Unsupported("the lifecycle component is not wired into this agent build yet");
    }

    @Override
    public DeployResult deploy(List<ServiceDocument> services)
    {
        throw unwired();
    }

    @Override
    public ContainerView run(ServiceDocument service)
    {
        throw unwired();
    }

    @Override
    public List<ContainerView> containers()
    {
        return List.of();
    }

    @Override
    public List<ServiceView> services()
    {
        return List.of();
    }

    @Override
    public ContainerView inspect(String nameOrId)
    {
        throw new dev.berth.core.error.NotFound(nameOrId, "no such container or service");
    }

    @Override
    public List<ContainerView> stop(String nameOrId, Optional<Duration> grace)
    {
        throw unwired();
    }

    @Override
    public void remove(String nameOrId, boolean force)
    {
        throw unwired();
    }

    @Override
    public ExitStatus wait(String nameOrId, Duration timeout)
    {
        throw unwired();
    }

    @Override
    public LogReader logs(String nameOrId, LogOptions options)
    {
        throw unwired();
    }

    @Override
    public ExecResult exec(String nameOrId, ExecRequest request)
    {
        throw unwired();
    }

    @Override
    public RecoveryReport lastRecovery()
    {
        return RecoveryReport.NONE;
    }
}
