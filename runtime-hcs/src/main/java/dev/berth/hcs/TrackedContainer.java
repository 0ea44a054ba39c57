package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.ExitStatus;
import dev.berth.hcs.document.IsolationMode;

import java.time.Instant;
import java.util.Optional;

/**
 * What the backend holds for one container: its compute system (and utility VM) handles, its init process once
 * started, the scratch layer to release, and its exit once known. Mutations hold its monitor; exit events wake
 * waiters through a separate signal, so an HCS callback never blocks behind an HCS call in progress.
 */
final class TrackedContainer
{
    final String id;
    final String service;
    final IsolationMode isolation;
    final SystemHandle system;
    final Optional<SystemHandle> utilityVm;
    final Optional<String> scratchPath;
    final String initParameters;
    final ContainerLog log;
    ProcessHandle init;
    /** Copies the init process's output into {@link #log}; null until started. */
    LogPump pump;
    Instant startedAt;
    ExitStatus exit;
    /** The signal berth delivered last (9 for a terminate), to report 128+n. */
    Integer signalled;
    /** What is on disk of it ({@link ContainerRecords}); replaced under its monitor. */
    ContainerRecord record;
    /** Set from HCS's callback thread, which must never wait for the container's monitor. */
    volatile boolean systemExited;
    private final Object exitSignal = new Object();

    TrackedContainer(String id, String service, IsolationMode isolation, SystemHandle system, Optional<SystemHandle> utilityVm,
            Optional<String> scratchPath, String initParameters, ContainerLog log)
    {
        this.id = requireNonNull(id, "id is null");
        this.service = requireNonNull(service, "service is null");
        this.isolation = requireNonNull(isolation, "isolation is null");
        this.system = requireNonNull(system, "system is null");
        this.utilityVm = requireNonNull(utilityVm, "utilityVm is null");
        this.scratchPath = requireNonNull(scratchPath, "scratchPath is null");
        this.initParameters = requireNonNull(initParameters, "initParameters is null");
        this.log = requireNonNull(log, "log is null");
        this.record = ContainerRecord.of(this);
    }

    /** Wakes waiters; safe from any thread, never takes the container's monitor. */
    void wake()
    {
        synchronized (exitSignal) {
            exitSignal.notifyAll();
        }
    }

    /** Sleeps until woken or {@code millis} pass. Call without holding the container's monitor. */
    void awaitWake(long millis)
            throws InterruptedException
    {
        synchronized (exitSignal) {
            exitSignal.wait(millis);
        }
    }
}
