package dev.berth.hcs.binding;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written computecore, for running the backend through the contract without native code. It behaves as the
 * C stub does: operations complete at once (or hang, when scripted; HcsCancelOperation is E_NOTIMPL, as documented), systems live until stopped and
 * unreferenced, exit events come from another thread, and command lines are read as {@link TestingCommand} says.
 */
public final class TestingComputeCore
        implements ComputeCore
{
    private static final int HCS_E_SYSTEM_ALREADY_EXISTS = 0x8037010F;
    private static final int HCS_E_INVALID_STATE = 0x80370105;
    private static final int HCS_E_OPERATION_TIMEOUT = 0x80370118;
    private static final int HCS_E_SYSTEM_ALREADY_STOPPED = 0x80370110;
    private static final int E_NOTIMPL = 0x80004001;
    private static final int ERROR_ACCESS_DENIED = 0x80070005;
    private static final int ERROR_NOT_FOUND = 0x80070490;
    private static final Pattern OWNERS = Pattern.compile("\"Owners\":\\[([^\\]]*)\\]");
    private static final int ERROR_FILE_NOT_FOUND = 0x80070002;

    private final TestingKernel32 kernel32;
    private final Map<Long, Operation> operations = new ConcurrentHashMap<>();
    private final Map<Long, SystemHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, ComputeSystem> systems = new LinkedHashMap<>();
    private final Map<Long, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<String> hangs = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private int nextPid = 100;

    private static final class Operation
    {
        final Memory handle = new Memory(8);
        boolean completed;
        int result;
        String document;
        HCS_PROCESS_INFORMATION information;
    }

    private static final class ComputeSystem
    {
        final String id;
        final String owner;
        String state = "Created";
        int handles;
        HCS_EVENT_CALLBACK callback;

        ComputeSystem(String id, String owner)
        {
            this.id = id;
            this.owner = owner;
        }
    }

    private static final class SystemHandle
    {
        final Memory handle = new Memory(8);
        final ComputeSystem system;

        SystemHandle(ComputeSystem system)
        {
            this.system = system;
        }
    }

    private final class Process
    {
        final Memory handle = new Memory(8);
        final int pid;
        final ComputeSystem system;
        final long endsAtNanos;
        final int plannedExit;
        final List<Pointer> pipes = new ArrayList<>();
        boolean exited;
        long exitCode;

        Process(int pid, ComputeSystem system, long endsAtNanos, int plannedExit)
        {
            this.pid = pid;
            this.system = system;
            this.endsAtNanos = endsAtNanos;
            this.plannedExit = plannedExit;
        }

        /** Whether it has exited, by itself once its command's time has come. */
        boolean exited()
        {
            if (!exited && endsAtNanos != Long.MAX_VALUE && System.nanoTime() - endsAtNanos >= 0) {
                exited = true;
                exitCode = plannedExit;
            }
            return exited;
        }

        /** Ends it before its time: its pipes' writers close now. */
        void end(long code)
        {
            if (exited()) {
                return;
            }
            exited = true;
            exitCode = code;
            long now = System.nanoTime();
            pipes.forEach(pipe -> kernel32.closeWriter(pipe, now));
        }
    }

    public TestingComputeCore(TestingKernel32 kernel32)
    {
        this.kernel32 = requireNonNull(kernel32, "kernel32 is null");
    }

    /** The next call of {@code function} completes with {@code hresult}. */
    public void failNext(String function, int hresult)
    {
        failures.put(function, hresult);
    }

    /** The next call of {@code function} does not complete until cancelled. */
    public synchronized void hangNext(String function)
    {
        hangs.add(function);
    }

    /** Every call, as {@code Function subject}. */
    public synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    public int openOperations()
    {
        return operations.size();
    }

    public int openProcesses()
    {
        return processes.size();
    }

    public int openSystemHandles()
    {
        return handles.size();
    }

    @Override
    public Pointer HcsCreateOperation(Pointer context, HCS_OPERATION_COMPLETION callback)
    {
        Operation operation = new Operation();
        operations.put(Pointer.nativeValue(operation.handle), operation);
        return operation.handle;
    }

    @Override
    public void HcsCloseOperation(Pointer operation)
    {
        // closing a pending operation is allowed: HCS finishes it and discards the result
        if (operations.remove(Pointer.nativeValue(operation)) == null) {
            throw new IllegalStateException("closing an unknown operation");
        }
    }

    @Override
    public synchronized int HcsWaitForOperationResult(Pointer operation, int timeoutMs, PointerByReference resultDocument)
    {
        Operation op = operations.get(Pointer.nativeValue(operation));
        if (!op.completed) {
            return HCS_E_OPERATION_TIMEOUT;
        }
        if (resultDocument != null) {
            resultDocument.setValue(op.document == null ? null : kernel32.allocateDocument(op.document));
        }
        return op.result;
    }

    @Override
    public synchronized int HcsWaitForOperationResultAndProcessInfo(Pointer operation, int timeoutMs, HCS_PROCESS_INFORMATION processInformation,
            PointerByReference resultDocument)
    {
        int result = HcsWaitForOperationResult(operation, timeoutMs, resultDocument);
        Operation op = operations.get(Pointer.nativeValue(operation));
        if (result >= 0 && processInformation != null && op.information != null) {
            processInformation.ProcessId = op.information.ProcessId;
            processInformation.StdInput = op.information.StdInput;
            processInformation.StdOutput = op.information.StdOutput;
            processInformation.StdError = op.information.StdError;
        }
        return result;
    }

    @Override
    public synchronized int HcsCancelOperation(Pointer operation)
    {
        calls.add("HcsCancelOperation");
        return E_NOTIMPL;
    }

    private Operation complete(Pointer operation, String function, String subject, String document)
    {
        calls.add(function + " " + subject);
        Operation op = operations.get(Pointer.nativeValue(operation));
        Integer failure = failures.remove(function);
        op.result = failure == null ? 0 : failure;
        op.document = document;
        op.completed = !hangs.remove(function);
        return op;
    }

    @Override
    public synchronized int HcsCreateComputeSystem(Pointer id, Pointer configuration, Pointer operation, Pointer securityDescriptor,
            PointerByReference computeSystem)
    {
        String name = Utf16.read(id);
        String config = Utf16.read(configuration);
        Operation op = complete(operation, "HcsCreateComputeSystem", name, null);
        if (op.result >= 0 && systems.containsKey(name)) {
            op.result = HCS_E_SYSTEM_ALREADY_EXISTS;
        }
        if (op.result >= 0) {
            Matcher owner = Pattern.compile("\"Owner\":\"([^\"]*)\"").matcher(config);
            ComputeSystem system = new ComputeSystem(name, owner.find() ? owner.group(1) : "");
            systems.put(name, system);
            computeSystem.setValue(open(system));
        }
        return 0;
    }

    private Pointer open(ComputeSystem system)
    {
        SystemHandle handle = new SystemHandle(system);
        system.handles++;
        handles.put(Pointer.nativeValue(handle.handle), handle);
        return handle.handle;
    }

    @Override
    public synchronized int HcsOpenComputeSystem(Pointer id, int requestedAccess, PointerByReference computeSystem)
    {
        ComputeSystem system = systems.get(Utf16.read(id));
        if (system == null) {
            return ERROR_NOT_FOUND;
        }
        computeSystem.setValue(open(system));
        return 0;
    }

    @Override
    public int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, Pointer options)
    {
        return transition("HcsStartComputeSystem", computeSystem, operation, "Running");
    }

    @Override
    public int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, Pointer options)
    {
        return transition("HcsShutDownComputeSystem", computeSystem, operation, "Stopped");
    }

    @Override
    public int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, Pointer options)
    {
        return transition("HcsTerminateComputeSystem", computeSystem, operation, "Stopped");
    }

    private int transition(String function, Pointer computeSystem, Pointer operation, String target)
    {
        HCS_EVENT_CALLBACK callback = null;
        synchronized (this) {
            ComputeSystem system = handles.get(Pointer.nativeValue(computeSystem)).system;
            Operation op = complete(operation, function, system.id, null);
            if (op.completed && op.result >= 0) {
                if (target.equals("Running") && !system.state.equals("Created")) {
                    op.result = HCS_E_INVALID_STATE;
                }
                else if (target.equals("Stopped") && system.state.equals("Stopped")) {
                    op.result = HCS_E_SYSTEM_ALREADY_STOPPED;
                }
                else if (target.equals("Stopped")) {
                    system.state = "Stopped";
                    processes.values().stream().filter(process -> process.system == system).forEach(process -> process.end(1));
                    callback = system.callback;
                }
                else if (target.equals("Running")) {
                    system.state = "Running";
                }
            }
        }
        if (callback != null) {
            fire(callback, HcsEventSystemExited, "{\"Status\":0,\"ExitType\":\"GracefulExit\"}");
        }
        return 0;
    }

    private static void fire(HCS_EVENT_CALLBACK callback, int type, String data)
    {
        Thread thread = new Thread(() -> {
            HCS_EVENT event = new HCS_EVENT();
            event.Type = type;
            event.EventData = Utf16.of(data);
            callback.callback(event, null);
        }, "testing-hcs-event");
        thread.start();
        try {
            thread.join();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void HcsCloseComputeSystem(Pointer computeSystem)
    {
        SystemHandle handle = handles.remove(Pointer.nativeValue(computeSystem));
        handle.system.handles--;
        if (handle.system.handles == 0 && handle.system.state.equals("Stopped")) {
            systems.remove(handle.system.id);
        }
    }

    @Override
    public synchronized int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation, Pointer propertyQuery)
    {
        ComputeSystem system = handles.get(Pointer.nativeValue(computeSystem)).system;
        complete(operation, "HcsGetComputeSystemProperties", system.id, properties(system));
        return 0;
    }

    private static String properties(ComputeSystem system)
    {
        return "{\"Id\":\"" + system.id + "\",\"SystemType\":\"Container\",\"Owner\":\"" + system.owner + "\",\"State\":\"" + system.state + "\"}";
    }

    @Override
    public synchronized int HcsEnumerateComputeSystems(Pointer query, Pointer operation)
    {
        String filter = Utf16.read(query);
        Matcher owners = OWNERS.matcher(filter);
        String admitted = owners.find() ? owners.group(1) : null;
        complete(operation, "HcsEnumerateComputeSystems", filter, "[" + String.join(",", systems.values().stream()
                .filter(system -> admitted == null || admitted.contains("\"" + system.owner + "\""))
                .map(TestingComputeCore::properties).toList()) + "]");
        return 0;
    }

    @Override
    public synchronized int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions, Pointer context, HCS_EVENT_CALLBACK callback)
    {
        handles.get(Pointer.nativeValue(computeSystem)).system.callback = callback;
        return 0;
    }

    @Override
    public synchronized int HcsCreateProcess(Pointer computeSystem, Pointer processParameters, Pointer operation, Pointer securityDescriptor,
            PointerByReference process)
    {
        ComputeSystem system = handles.get(Pointer.nativeValue(computeSystem)).system;
        String parameters = Utf16.read(processParameters);
        TestingCommand command = TestingCommand.of(parameters);
        // CreateProcess's answer for a missing executable, in HCS's ResultError document
        Operation op = complete(operation, "HcsCreateProcess", system.id,
                command.missing() ? "{\"Error\":-2147024894,\"ErrorMessage\":\"The system cannot find the file specified.\"}" : null);
        if (op.result >= 0 && command.missing()) {
            op.result = ERROR_FILE_NOT_FOUND;
        }
        if (op.result >= 0 && !system.state.equals("Running")) {
            op.result = HCS_E_INVALID_STATE;
        }
        if (op.result < 0) {
            return 0;
        }
        long start = System.nanoTime();
        Process created = new Process(nextPid++, system, command.endsAtMillis() < 0 ? Long.MAX_VALUE : start + command.endsAtMillis() * 1_000_000L,
                command.exitCode());
        processes.put(Pointer.nativeValue(created.handle), created);
        op.information = new HCS_PROCESS_INFORMATION();
        op.information.ProcessId = created.pid;
        // a standard handle the parameters did not ask for is INVALID_HANDLE_VALUE, as HCS gives it
        op.information.StdInput = Kernel32.INVALID_HANDLE_VALUE;
        op.information.StdOutput = parameters.contains("\"CreateStdOutPipe\":true") ? kernel32.pipe(command, start) : Kernel32.INVALID_HANDLE_VALUE;
        op.information.StdError = parameters.contains("\"CreateStdErrPipe\":true")
                ? kernel32.pipe(new TestingCommand(new byte[0], List.of(), -1, 0, false), start) : Kernel32.INVALID_HANDLE_VALUE;
        for (Pointer pipe : new Pointer[] {op.information.StdOutput, op.information.StdError}) {
            if (!pipe.equals(Kernel32.INVALID_HANDLE_VALUE)) {
                created.pipes.add(pipe);
                if (command.endsAtMillis() >= 0) {
                    kernel32.closeWriter(pipe, created.endsAtNanos);
                }
            }
        }
        process.setValue(created.handle);
        return 0;
    }

    @Override
    public synchronized int HcsSignalProcess(Pointer process, Pointer operation, Pointer options)
    {
        Process target = processes.get(Pointer.nativeValue(process));
        Operation op = complete(operation, "HcsSignalProcess", Utf16.read(options), null);
        if (op.result >= 0 && target.exited()) {
            op.result = ERROR_NOT_FOUND;
        }
        else if (op.result >= 0) {
            target.end(0xC000013AL);
        }
        return 0;
    }

    @Override
    public synchronized int HcsTerminateProcess(Pointer process, Pointer operation, Pointer options)
    {
        Process target = processes.get(Pointer.nativeValue(process));
        Operation op = complete(operation, "HcsTerminateProcess", Integer.toString(target.pid), null);
        if (op.result >= 0 && target.exited()) {
            op.result = ERROR_ACCESS_DENIED;
        }
        else if (op.result >= 0) {
            target.end(1);
        }
        return 0;
    }

    @Override
    public synchronized int HcsGetProcessInfo(Pointer process, Pointer operation)
    {
        Process target = processes.get(Pointer.nativeValue(process));
        Operation op = complete(operation, "HcsGetProcessInfo", Integer.toString(target.pid), null);
        op.information = new HCS_PROCESS_INFORMATION();
        op.information.ProcessId = target.pid;
        op.information.StdInput = Kernel32.INVALID_HANDLE_VALUE;
        op.information.StdOutput = Kernel32.INVALID_HANDLE_VALUE;
        op.information.StdError = Kernel32.INVALID_HANDLE_VALUE;
        return 0;
    }

    @Override
    public synchronized int HcsGetProcessProperties(Pointer process, Pointer operation, Pointer propertyQuery)
    {
        Process target = processes.get(Pointer.nativeValue(process));
        complete(operation, "HcsGetProcessProperties", Integer.toString(target.pid),
                "{\"ProcessId\":" + target.pid + ",\"Exited\":" + target.exited() + ",\"ExitCode\":" + target.exitCode + "}");
        return 0;
    }

    @Override
    public synchronized void HcsCloseProcess(Pointer process)
    {
        if (processes.remove(Pointer.nativeValue(process)) == null) {
            throw new IllegalStateException("closing an unknown process handle");
        }
    }
}
