package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Timeout;
import dev.berth.core.error.Unsupported;
import dev.berth.core.runtime.ContainerState;
import dev.berth.hcs.document.ContainerDocuments;
import dev.berth.hcs.document.ProcessParameters;
import dev.berth.hcs.document.SignalProcessOptions;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Drives a tracked container through HCS: starts its compute system and init process (with the pump that keeps its
 * output), stops it with HcsShutDownComputeSystem bounded by the grace period and then HcsTerminateComputeSystem,
 * delivers signals to the init process, and closes its handles on remove. Every method expects its caller to hold
 * the container's monitor; after stop and kill the caller also wakes waiters, after start and remove it does not.
 */
final class ContainerControl
{
    private static final Logger log = LogManager.getLogger(ContainerControl.class);
    private static final Map<Integer, String> CTRL_SIGNALS = Map.of(1, "CtrlClose", 2, "CtrlC", 3, "CtrlBreak", 15, "CtrlShutdown");

    private final HcsClient client;
    private final ContainerFactory factory;
    private final ContainerStatuses statuses;
    private final ContainerRecords records;
    private final Duration operationTimeout;

    ContainerControl(HcsClient client, ContainerFactory factory, ContainerStatuses statuses, ContainerRecords records, Duration operationTimeout)
    {
        this.records = requireNonNull(records, "records is null");
        this.client = requireNonNull(client, "client is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.statuses = requireNonNull(statuses, "statuses is null");
        this.operationTimeout = requireNonNull(operationTimeout, "operationTimeout is null");
    }

    void start(TrackedContainer container)
    {
        if (container.init != null || container.record.pid() != null) {
            throw new StartFailed(container.id, "already started");
        }
        if (container.record.failure() != null) {
            throw new StartFailed(container.id, "it failed before (" + container.record.failure() + "); remove and recreate it");
        }
        if (container.initParameters.isEmpty()) {
            throw new StartFailed(container.id, "opened from an earlier agent run, so its command is not known here; remove and recreate it");
        }
        String commandLine = ContainerDocuments.parse(container.initParameters, ProcessParameters.class).commandLine();
        try {
            client.start(container.system);
            container.init = client.createProcess(container.system, container.initParameters);
        }
        catch (HcsCallFailed e) {
            AgentError failure = HcsErrors.toAgentError(e, HcsErrors.Action.START, container.id, container.service,
                    "starting its init process " + commandLine);
            // the record and the scratch layer stay as evidence until remove; a system without its process serves nothing
            records.update(container, record -> record.withFailure(failure.getMessage()));
            try {
                terminateQuietly(container.system);
            }
            catch (HcsCallFailed terminate) {
                failure.addSuppressed(terminate);
            }
            throw failure;
        }
        container.startedAt = Instant.now();
        container.pump = new LogPump(client, container.init, container.log, container.id).start();
        records.update(container, record -> record.withPid(container.init.pid()));
    }

    void stop(TrackedContainer container, Duration grace)
    {
        if (statuses.status(container).state() != ContainerState.RUNNING) {
            return;
        }
        try {
            try {
                client.shutDown(container.system, grace);
            }
            catch (Timeout | HcsCallFailed e) {
                log.info("{} did not shut down within {} ({}); terminating", container.id, grace, e.getMessage());
                container.signalled = 9;
                terminateQuietly(container.system);
            }
            container.systemExited = true;
            statuses.recordExit(container);
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, container.id, container.service);
        }
    }

    void kill(TrackedContainer container, int signal)
    {
        if (container.init == null) {
            throw new InvalidSpec("container '" + container.id + "' has not been started; there is no process to signal");
        }
        if (signal != 9 && !CTRL_SIGNALS.containsKey(signal)) {
            throw new Unsupported("signal " + signal + " has no Windows equivalent (use 1, 2, 3, 9 or 15)");
        }
        try {
            if (signal == 9) {
                client.terminate(container.init);
            }
            else {
                client.signal(container.init, ContainerDocuments.json(new SignalProcessOptions(CTRL_SIGNALS.get(signal))));
            }
            // only a delivered signal decides the exit code; one that found the process gone leaves its own code
            container.signalled = signal;
        }
        catch (HcsCallFailed e) {
            if (!processGone(e.hresult(), signal == 9)) {
                throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, container.id, container.service);
            }
        }
    }

    /** Terminates what still runs, closes every handle, and unmounts and destroys the scratch layer. */
    void remove(TrackedContainer container, boolean force)
    {
        if (statuses.status(container).state() == ContainerState.RUNNING && !force) {
            throw new InvalidSpec("container '" + container.id + "' is running; stop it first or remove it with force");
        }
        try {
            if (!container.systemExited) {
                terminateQuietly(container.system);
            }
            if (container.init != null) {
                if (container.pump != null && !container.pump.join(operationTimeout)) {
                    log.warn("output pipes of {} still open after {}; closing the process handle anyway", container.id, operationTimeout);
                }
                client.close(container.init);
            }
            client.close(container.system);
            container.utilityVm.ifPresent(vm -> {
                terminateQuietly(vm);
                client.close(vm);
                UtilityVmScratch.delete(factory.utilityVmFolder(vm.id()));
            });
        }
        catch (HcsCallFailed e) {
            throw HcsErrors.toAgentError(e, HcsErrors.Action.OTHER, container.id, container.service);
        }
        container.scratchPath.ifPresent(factory::discard);
    }

    /**
     * Whether a failed signal or terminate only found the process already gone. {@code ERROR_ACCESS_DENIED} counts for
     * a terminate: HCS calls TerminateProcess, which Microsoft documents fails with it once the process has exited
     * while handles to it remain open (hcsshim {@code internal/hcs/v2/process.go} Kill ignores it for that reason).
     */
    static boolean processGone(HResult hresult, boolean terminate)
    {
        return HcsErrors.alreadyStopped(hresult) || hresult.is(HResult.HCS_E_INVALID_STATE)
                || (terminate && hresult.isWin32(HResult.ERROR_ACCESS_DENIED));
    }

    private void terminateQuietly(SystemHandle system)
    {
        try {
            client.terminate(system);
        }
        catch (HcsCallFailed e) {
            if (!HcsErrors.alreadyStopped(e.hresult()) && !e.hresult().is(HResult.HCS_E_INVALID_STATE)) {
                throw e;
            }
        }
    }
}
