package dev.berth.hcs.error;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Unsupported;

import java.util.Map;

/**
 * Turns a failed HCS call into the {@link AgentError} that leaves the backend, keeping the HRESULT in hex and the
 * result document in the message. Codes that mean "this node cannot host it" (the image's Windows build does not
 * match and Hyper-V cannot bridge it, Hyper-V missing, the compute service missing) become {@link RouteToPeer}, a
 * placement signal, never a failure.
 */
public final class HcsErrors
{
    /** What was being done, deciding the failure variant. */
    public enum Action
    {
        CREATE,
        START,
        OTHER
    }

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(HResult.HCS_E_TERMINATED_DURING_START.value(), "HCS_E_TERMINATED_DURING_START"),
            Map.entry(HResult.HCS_E_IMAGE_MISMATCH.value(), "HCS_E_IMAGE_MISMATCH"),
            Map.entry(HResult.HCS_E_HYPERV_NOT_INSTALLED.value(), "HCS_E_HYPERV_NOT_INSTALLED"),
            Map.entry(HResult.HCS_E_INVALID_STATE.value(), "HCS_E_INVALID_STATE"),
            Map.entry(HResult.HCS_E_UNEXPECTED_EXIT.value(), "HCS_E_UNEXPECTED_EXIT"),
            Map.entry(HResult.HCS_E_TERMINATED.value(), "HCS_E_TERMINATED"),
            Map.entry(HResult.HCS_E_INVALID_JSON.value(), "HCS_E_INVALID_JSON"),
            Map.entry(HResult.HCS_E_SYSTEM_NOT_FOUND.value(), "HCS_E_SYSTEM_NOT_FOUND"),
            Map.entry(HResult.HCS_E_SYSTEM_ALREADY_EXISTS.value(), "HCS_E_SYSTEM_ALREADY_EXISTS"),
            Map.entry(HResult.HCS_E_SYSTEM_ALREADY_STOPPED.value(), "HCS_E_SYSTEM_ALREADY_STOPPED"),
            Map.entry(HResult.HCS_E_INVALID_LAYER.value(), "HCS_E_INVALID_LAYER"),
            Map.entry(HResult.HCS_E_SERVICE_NOT_AVAILABLE.value(), "HCS_E_SERVICE_NOT_AVAILABLE"),
            Map.entry(HResult.HCS_E_OPERATION_PENDING.value(), "HCS_E_OPERATION_PENDING"),
            Map.entry(HResult.HCS_E_OPERATION_TIMEOUT.value(), "HCS_E_OPERATION_TIMEOUT"),
            Map.entry(HResult.HCS_E_ACCESS_DENIED.value(), "HCS_E_ACCESS_DENIED"),
            Map.entry(HResult.HCS_E_PROCESS_ALREADY_STOPPED.value(), "HCS_E_PROCESS_ALREADY_STOPPED"),
            Map.entry(HResult.HCS_E_OPERATION_ALREADY_CANCELLED.value(), "HCS_E_OPERATION_ALREADY_CANCELLED"));

    private HcsErrors() {}

    /** Whether the code means this node cannot host the workload at all. */
    public static boolean cannotHost(HResult hresult)
    {
        return hresult.is(HResult.HCS_E_IMAGE_MISMATCH)
                || hresult.is(HResult.HCS_E_HYPERV_NOT_INSTALLED)
                || hresult.is(HResult.HCS_E_SERVICE_NOT_AVAILABLE);
    }

    /** The code's name, when it is one berth knows: {@code HCS_E_IMAGE_MISMATCH}, {@code ERROR_ACCESS_DENIED}… */
    public static String describe(HResult hresult)
    {
        String name = NAMES.get(hresult.canonical().value());
        if (name == null && hresult.win32Error().isPresent()) {
            name = "Win32 error " + hresult.win32Error().get();
        }
        return name == null ? hresult.hex() : hresult.hex() + " " + name;
    }

    /** Evidence text: function, HRESULT in hex with its name, and the result document. */
    public static String evidence(HcsCallFailed failure)
    {
        return failure.function() + " returned HRESULT " + describe(failure.hresult())
                + failure.resultDocument().map(document -> "; result document: " + document).orElse("");
    }

    /**
     * @param id the container id
     * @param service the service name, for a placement signal
     */
    public static AgentError toAgentError(HcsCallFailed failure, Action action, String id, String service)
    {
        HResult hresult = failure.hresult();
        String evidence = evidence(failure);
        Integer errno = hresult.win32Error().orElse(null);
        if (cannotHost(hresult)) {
            return new RouteToPeer(service, "windows", "this node cannot host it: " + evidence, failure, errno);
        }
        if (hresult.is(HResult.HCS_E_SYSTEM_NOT_FOUND)) {
            return new NotFound(id, evidence, failure, errno);
        }
        if (hresult.win32Error().filter(code -> code == HResult.ERROR_NOT_SUPPORTED).isPresent()) {
            return new Unsupported(evidence, failure, errno);
        }
        return switch (action) {
            case CREATE -> new CreateFailed(id, evidence, failure, errno);
            case START -> new StartFailed(id, evidence, failure, errno);
            case OTHER -> new Internal("container '" + id + "': " + evidence, failure, errno);
        };
    }
}
