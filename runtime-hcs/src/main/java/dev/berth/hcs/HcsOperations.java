package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.berth.core.error.Timeout;
import dev.berth.hcs.binding.ComputeCore;
import dev.berth.hcs.binding.HCS_PROCESS_INFORMATION;
import dev.berth.hcs.binding.Kernel32;
import dev.berth.hcs.binding.Utf16;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;
import dev.berth.hcs.error.HcsErrors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * HCS operations for {@link HcsClient}: create one, make the call, wait for it once within its bound (past it,
 * {@code HcsCancelOperation}, documented as always {@code E_NOTIMPL}, and {@link Timeout}), take its result document
 * and free it with {@code LocalFree}. The caller closes the operation handle.
 */
final class HcsOperations
{
    private static final Logger log = LogManager.getLogger(HcsOperations.class);

    private final ComputeCore core;
    private final Kernel32 kernel32;

    HcsOperations(ComputeCore core, Kernel32 kernel32)
    {
        this.core = requireNonNull(core, "core is null");
        this.kernel32 = requireNonNull(kernel32, "kernel32 is null");
    }

    @FunctionalInterface
    interface OperationCall
    {
        int invoke(Pointer operation);
    }

    Optional<String> run(String function, Duration timeout, OperationCall call)
    {
        Pointer operation = create();
        try {
            check(function, call.invoke(operation), Optional.empty());
            return await(function, operation, timeout, null);
        }
        finally {
            core.HcsCloseOperation(operation);
        }
    }

    Pointer create()
    {
        Pointer operation = core.HcsCreateOperation(null, null);
        if (operation == null) {
            throw new HcsCallFailed("HcsCreateOperation", new HResult(0x80004005), Optional.empty());
        }
        return operation;
    }

    /**
     * Waits once for the operation and returns its result document. Past {@code timeout} it asks HCS to cancel and
     * throws {@link Timeout}; the caller closes the operation handle either way.
     */
    Optional<String> await(String function, Pointer operation, Duration timeout, HCS_PROCESS_INFORMATION information)
    {
        PointerByReference document = new PointerByReference();
        HResult hresult = new HResult(waitFor(operation, timeout, information, document));
        Optional<String> text = takeDocument(document);
        if (hresult.is(HResult.HCS_E_OPERATION_TIMEOUT)) {
            HResult cancel = new HResult(core.HcsCancelOperation(operation));
            if (cancel.failed() && !cancel.equals(HResult.E_NOTIMPL)) {
                log.warn("HcsCancelOperation for {} returned {}", function, HcsErrors.describe(cancel));
            }
            log.warn("{} did not complete within {}; giving it up", function, timeout);
            throw new Timeout(timeout, new HcsCallFailed(function, hresult, text));
        }
        check(function, hresult.value(), text);
        return text;
    }

    private int waitFor(Pointer operation, Duration timeout, HCS_PROCESS_INFORMATION information, PointerByReference document)
    {
        int milliseconds = (int) Math.min(Math.max(timeout.toMillis(), 0), 0xFFFF_FFFEL);
        if (information != null) {
            return core.HcsWaitForOperationResultAndProcessInfo(operation, milliseconds, information, document);
        }
        return core.HcsWaitForOperationResult(operation, milliseconds, document);
    }

    /** Copies the result document out and frees it with LocalFree, as Microsoft documents. */
    private Optional<String> takeDocument(PointerByReference document)
    {
        Pointer pointer = document.getValue();
        if (pointer == null) {
            return Optional.empty();
        }
        try {
            String text = Utf16.read(pointer);
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        finally {
            Pointer failed = kernel32.LocalFree(pointer);
            if (failed != null) {
                log.warn("LocalFree of an HCS result document failed");
            }
        }
    }

    static void check(String function, int hresult, Optional<String> document)
    {
        if (hresult < 0) {
            throw new HcsCallFailed(function, new HResult(hresult), document);
        }
    }
}
