package dev.berth.hcs.error;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Unsupported;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
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

    /** Every {@code HCS_E_*} constant of {@link HResult}, by value, read from the constants themselves. */
    private static final Map<Integer, String> NAMES = names();

    private HcsErrors() {}

    private static Map<Integer, String> names()
    {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : HResult.class.getFields()) {
            if (field.getType() == HResult.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    names.put(((HResult) field.get(null)).value(), field.getName());
                }
                catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }

    /**
     * Whether the system or process the call named no longer exists: {@code HCS_E_SYSTEM_NOT_FOUND} in either form, or
     * {@code ERROR_NOT_FOUND}, which HCS answers for a system that has gone (hcsshim {@code internal/hcs/errors.go}
     * {@code IsNotExist}).
     */
    public static boolean gone(HResult hresult)
    {
        return hresult.is(HResult.HCS_E_SYSTEM_NOT_FOUND) || hresult.isWin32(HResult.ERROR_NOT_FOUND);
    }

    /**
     * Whether a stop or terminate failed only because its target had already stopped: already-stopped codes, or
     * {@link #gone} (hcsshim's {@code IsAlreadyStopped} counts {@code ERROR_NOT_FOUND} too).
     */
    public static boolean alreadyStopped(HResult hresult)
    {
        return hresult.is(HResult.HCS_E_SYSTEM_ALREADY_STOPPED) || hresult.is(HResult.HCS_E_PROCESS_ALREADY_STOPPED) || gone(hresult);
    }

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
        return toAgentError(failure, action, id, service, "");
    }

    /** As {@link #toAgentError(HcsCallFailed, Action, String, String)}, the evidence prefixed with what was being done. */
    public static AgentError toAgentError(HcsCallFailed failure, Action action, String id, String service, String doing)
    {
        HResult hresult = failure.hresult();
        String evidence = (doing.isEmpty() ? "" : doing + ": ") + evidence(failure);
        Integer errno = hresult.win32Error().orElse(null);
        if (cannotHost(hresult)) {
            return new RouteToPeer(service, "windows", "this node cannot host it: " + evidence, failure, errno);
        }
        if (gone(hresult)) {
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
