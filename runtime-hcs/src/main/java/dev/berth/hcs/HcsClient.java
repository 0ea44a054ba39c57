package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.OutputTail;
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.binding.HCS_EVENT;
import dev.berth.hcs.binding.HCS_PROCESS_INFORMATION;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.binding.Kernel32;
import dev.berth.hcs.binding.Utf16;
import dev.berth.hcs.error.HcsCallFailed;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The computecore API in plain Java: UTF-16 marshalling, handle ownership, result documents freed with
 * {@code LocalFree}, and every operation bounded. No JNA type crosses its public methods.
 *
 * <p>An operation that outlives its timeout is given up: {@code HcsCancelOperation} is asked (Microsoft documents that
 * it is not implemented and always returns {@code E_NOTIMPL}), the operation handle is closed at once, and the call is a
 * {@link Timeout}. Closing an operation HCS still runs is safe: HCS finishes the request and discards its result
 * (hcsshim {@code internal/hcs/v2/operation.go} relies on the same contract). No operation is ever waited for twice,
 * so a stop that times out costs its grace period once, not twice.
 *
 * <p>Failures are {@link HcsCallFailed} (for {@link dev.berth.hcs.error.HcsErrors} to map) or {@link Timeout}. The
 * operation machinery is {@link HcsOperations}.
 */
public final class HcsClient
{
    private static final Logger log = LogManager.getLogger(HcsClient.class);

    private final ComputeCore core;
    private final Kernel32 kernel32;
    private final Duration operationTimeout;
    private final HcsOperations operations;

    public HcsClient(HcsLibraries libraries, Duration operationTimeout)
    {
        requireNonNull(libraries, "libraries is null");
        this.core = libraries.computeCore();
        this.kernel32 = libraries.kernel32();
        this.operationTimeout = requireNonNull(operationTimeout, "operationTimeout is null");
        this.operations = new HcsOperations(core, kernel32);
    }

    public Duration operationTimeout()
    {
        return operationTimeout;
    }

    public SystemHandle createComputeSystem(String id, String configuration)
    {
        PointerByReference system = new PointerByReference();
        try {
            operations.run("HcsCreateComputeSystem", operationTimeout,
                    operation -> core.HcsCreateComputeSystem(Utf16.of(id), Utf16.of(configuration), operation, null, system));
        }
        catch (RuntimeException e) {
            // HCS may hand out the handle before the operation fails; it is still ours to close
            if (system.getValue() != null) {
                core.HcsCloseComputeSystem(system.getValue());
            }
            throw e;
        }
        return new SystemHandle(id, system.getValue());
    }

    public SystemHandle openComputeSystem(String id)
    {
        PointerByReference system = new PointerByReference();
        HcsOperations.check("HcsOpenComputeSystem", core.HcsOpenComputeSystem(Utf16.of(id), ComputeCore.GENERIC_ALL, system), Optional.empty());
        return new SystemHandle(id, system.getValue());
    }

    public void start(SystemHandle system)
    {
        operations.run("HcsStartComputeSystem", operationTimeout, operation -> core.HcsStartComputeSystem(system.pointer, operation, null));
    }

    /** Asks for a clean shutdown, bounded by {@code timeout}; a {@link Timeout} means it was cancelled unfinished. */
    public void shutDown(SystemHandle system, Duration timeout)
    {
        operations.run("HcsShutDownComputeSystem", timeout, operation -> core.HcsShutDownComputeSystem(system.pointer, operation, null));
    }

    public void terminate(SystemHandle system)
    {
        operations.run("HcsTerminateComputeSystem", operationTimeout, operation -> core.HcsTerminateComputeSystem(system.pointer, operation, null));
    }

    /** The system's Properties document for {@code query} (a PropertyQuery document, or null for the defaults). */
    public String properties(SystemHandle system, String query)
    {
        return operations.run("HcsGetComputeSystemProperties", operationTimeout,
                operation -> core.HcsGetComputeSystemProperties(system.pointer, operation, Utf16.of(query))).orElse("");
    }

    /** The JSON array of ComputeSystemProperties matching {@code query} (a SystemQuery document). */
    public String enumerate(String query)
    {
        return operations.run("HcsEnumerateComputeSystems", operationTimeout, operation -> core.HcsEnumerateComputeSystems(Utf16.of(query), operation))
                .orElse("[]");
    }

    /** Registers {@code listener} for the system's events; it runs on an HCS thread and must not block. */
    public void setCallback(SystemHandle system, Consumer<SystemEvent> listener)
    {
        requireNonNull(listener, "listener is null");
        ComputeCore.HCS_EVENT_CALLBACK callback = (event, context) -> {
            try {
                listener.accept(copy(event));
            }
            catch (RuntimeException e) {
                // an exception must never unwind into HCS's thread
                log.warn("HCS event listener for {} failed", system.id(), e);
            }
        };
        HcsOperations.check("HcsSetComputeSystemCallback", core.HcsSetComputeSystemCallback(system.pointer, ComputeCore.HcsEventOptionNone, null, callback),
                Optional.empty());
        synchronized (system) {
            system.callback = callback;
        }
    }

    private static SystemEvent copy(HCS_EVENT event)
    {
        return new SystemEvent(event.Type, Optional.ofNullable(Utf16.read(event.EventData)));
    }

    /**
     * Starts a process from a ProcessParameters document; its pipes exist when the document asked for them. When the
     * wait for its creation fails although HCS handed out a process handle, the process is asked for its information
     * with {@code HcsGetProcessInfo} instead, as hcsshim does for Windows Server 2022's spurious failure (only then: after
     * a good wait a second query could race a short-lived process's exit).
     */
    public ProcessHandle createProcess(SystemHandle system, String parameters)
    {
        PointerByReference process = new PointerByReference();
        HCS_PROCESS_INFORMATION information = new HCS_PROCESS_INFORMATION();
        Pointer operation = operations.create();
        try {
            HcsOperations.check("HcsCreateProcess", core.HcsCreateProcess(system.pointer, Utf16.of(parameters), operation, null, process), Optional.empty());
            operations.await("HcsCreateProcess", operation, operationTimeout, information);
        }
        catch (HcsCallFailed e) {
            if (process.getValue() == null) {
                throw e;
            }
            information = recoverProcessInformation(process.getValue(), e);
        }
        catch (RuntimeException e) {
            // HCS may hand out the process handle before its operation times out; it is still ours to close
            closeProcess(process);
            throw e;
        }
        finally {
            core.HcsCloseOperation(operation);
        }
        return new ProcessHandle(information.ProcessId, process.getValue(), present(information.StdInput), present(information.StdOutput),
                present(information.StdError));
    }

    private HCS_PROCESS_INFORMATION recoverProcessInformation(Pointer process, HcsCallFailed createFailure)
    {
        log.debug("waiting for HcsCreateProcess failed ({}) with a process handle in hand; asking HcsGetProcessInfo",
                createFailure.hresult().hex());
        HCS_PROCESS_INFORMATION information = new HCS_PROCESS_INFORMATION();
        Pointer operation = operations.create();
        try {
            HcsOperations.check("HcsGetProcessInfo", core.HcsGetProcessInfo(process, operation), Optional.empty());
            operations.await("HcsGetProcessInfo", operation, operationTimeout, information);
            return information;
        }
        catch (RuntimeException e) {
            // the recovery's own error would hide the real cause: report the creation's
            core.HcsCloseProcess(process);
            createFailure.addSuppressed(e);
            throw createFailure;
        }
        finally {
            core.HcsCloseOperation(operation);
        }
    }

    /** A standard handle, or null when HCS gave none: null or {@code INVALID_HANDLE_VALUE} (never to be closed). */
    private static Pointer present(Pointer handle)
    {
        return handle == null || handle.equals(Kernel32.INVALID_HANDLE_VALUE) ? null : handle;
    }

    private void closeProcess(PointerByReference process)
    {
        if (process.getValue() != null) {
            core.HcsCloseProcess(process.getValue());
        }
    }

    /** Sends a SignalProcessOptions document to the process. */
    public void signal(ProcessHandle process, String options)
    {
        operations.run("HcsSignalProcess", operationTimeout, operation -> core.HcsSignalProcess(process.pointer, operation, Utf16.of(options)));
    }

    public void terminate(ProcessHandle process)
    {
        operations.run("HcsTerminateProcess", operationTimeout, operation -> core.HcsTerminateProcess(process.pointer, operation, null));
    }

    /** The process's ProcessStatus document. */
    public String properties(ProcessHandle process)
    {
        return operations.run("HcsGetProcessProperties", operationTimeout, operation -> core.HcsGetProcessProperties(process.pointer, operation, null))
                .orElse("");
    }

    /**
     * Reads one of the process's pipes to its end (see {@link #pump}) into {@code tail}, which keeps a bounded tail and
     * counts what it dropped: {@code stdout} true for standard output.
     */
    public void drain(ProcessHandle process, boolean stdout, OutputTail tail)
    {
        pump(process, stdout, chunk -> tail.write(chunk, 0, chunk.length));
    }

    /**
     * Takes one of the process's pipes and streams it to {@code sink} until end of file, then closes it; blocks the
     * calling thread meanwhile. Returns at once when the pipe does not exist or was taken already.
     */
    public void pump(ProcessHandle process, boolean stdout, Consumer<byte[]> sink)
    {
        Pointer handle;
        synchronized (process) {
            handle = stdout ? process.stdOutput : process.stdError;
            if (stdout) {
                process.stdOutput = null;
            }
            else {
                process.stdError = null;
            }
        }
        if (handle == null) {
            return;
        }
        try {
            new PipeReader(kernel32, handle).stream(sink);
        }
        finally {
            kernel32.CloseHandle(handle);
        }
    }

    public void close(ProcessHandle process)
    {
        Pointer stdOutput;
        Pointer stdError;
        synchronized (process) {
            if (process.closed) {
                return;
            }
            process.closed = true;
            stdOutput = process.stdOutput;
            stdError = process.stdError;
            // closed here, so a pump starting later must not find them (a closed handle's value can be reused)
            process.stdOutput = null;
            process.stdError = null;
        }
        for (Pointer pipe : new Pointer[] {process.stdInput, stdOutput, stdError}) {
            if (pipe != null) {
                kernel32.CloseHandle(pipe);
            }
        }
        core.HcsCloseProcess(process.pointer);
    }

    public void close(SystemHandle system)
    {
        synchronized (system) {
            if (system.closed) {
                return;
            }
            system.closed = true;
        }
        core.HcsCloseComputeSystem(system.pointer);
        // the callback stays referenced by the handle object; HCS stops calling it once the handle is closed
    }
}
