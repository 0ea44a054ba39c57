package dev.berth.hcs.binding;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@code computecore.dll}: the Host Compute Service API (header {@code ComputeCore.h}), with Windows' names and
 * parameter names. Reference: learn.microsoft.com/virtualization/api/hcs/reference, and hcsshim's
 * {@code internal/computecore/computecore.go}.
 *
 * <p>Conventions, for every method:
 * <ul>
 * <li>{@code PCWSTR} parameters are {@link Pointer}s to NUL-terminated UTF-16LE text the caller owns (see
 *     {@link Utf16}); never the platform's {@code wchar_t}, which is 4 bytes on Linux.</li>
 * <li>{@code HCS_OPERATION}, {@code HCS_SYSTEM} and {@code HCS_PROCESS} are opaque handles, as {@link Pointer}.
 *     The caller closes each handle it receives with the matching {@code HcsClose…} function.</li>
 * <li>Functions returning {@code HRESULT} return it as {@code int}; negative is failure.</li>
 * <li>A {@code PWSTR*} result document is allocated by HCS; the caller frees it with {@link Kernel32#LocalFree}.</li>
 * </ul>
 * No {@code INSTANCE} field: {@link HcsLibraries} loads the DLL, so tests can load the C stub in its place.
 * Declared as a plain {@link Library}: on x64 and arm64 Windows there is one calling convention.
 */
public interface ComputeCore
        extends Library
{
    /** {@code HCS_EVENT_TYPE} values. */
    int HcsEventSystemExited = 0x00000001;
    int HcsEventProcessExited = 0x00010000;
    int HcsEventOperationCallback = 0x01000000;
    int HcsEventServiceDisconnect = 0x02000000;

    /** {@code HCS_EVENT_OPTIONS}. */
    int HcsEventOptionNone = 0;

    /** {@code GENERIC_ALL}, the requestedAccess hcsshim passes to HcsOpenComputeSystem. */
    int GENERIC_ALL = 0x10000000;

    /** {@code typedef void (CALLBACK *HCS_OPERATION_COMPLETION)(HCS_OPERATION operation, void* context);} */
    interface HCS_OPERATION_COMPLETION
            extends Callback
    {
        void callback(Pointer operation, Pointer context);
    }

    /**
     * {@code typedef void (CALLBACK *HCS_EVENT_CALLBACK)(HCS_EVENT* event, void* context);} The event and its
     * {@code EventData} belong to HCS and are valid only during the call: copy what is needed.
     */
    interface HCS_EVENT_CALLBACK
            extends Callback
    {
        void callback(HCS_EVENT event, Pointer context);
    }

    /**
     * {@code HCS_OPERATION HcsCreateOperation(const void* context, HCS_OPERATION_COMPLETION callback);}
     *
     * @param context [in, optional] passed to the callback
     * @param callback [in, optional] null for a synchronous operation waited on with {@link #HcsWaitForOperationResult}
     * @return the operation handle, or null on failure; the caller closes it with {@link #HcsCloseOperation}
     */
    Pointer HcsCreateOperation(Pointer context, HCS_OPERATION_COMPLETION callback);

    /** {@code void HcsCloseOperation(HCS_OPERATION operation);} [in] a handle from {@link #HcsCreateOperation}. */
    void HcsCloseOperation(Pointer operation);

    /**
     * {@code HRESULT HcsWaitForOperationResult(HCS_OPERATION operation, DWORD timeoutMs, PWSTR* resultDocument);}
     * Returns {@code HCS_E_OPERATION_TIMEOUT} when {@code timeoutMs} passes first.
     *
     * @param operation [in]
     * @param timeoutMs [in] milliseconds, {@code INFINITE} (0xFFFFFFFF) to wait without bound
     * @param resultDocument [out, optional] the operation's result (or a ResultError document on failure); the caller
     * frees it with {@link Kernel32#LocalFree}
     */
    int HcsWaitForOperationResult(Pointer operation, int timeoutMs, PointerByReference resultDocument);

    /**
     * {@code HRESULT HcsCancelOperation(HCS_OPERATION operation);} Asks HCS to cancel; the operation still completes
     * (with {@code HCS_E_OPERATION_ALREADY_CANCELLED} or its own result) and must be waited for before it is closed.
     */
    int HcsCancelOperation(Pointer operation);

    /**
     * {@code HRESULT HcsCreateComputeSystem(PCWSTR id, PCWSTR configuration, HCS_OPERATION operation,
     * const SECURITY_DESCRIPTOR* securityDescriptor, HCS_SYSTEM* computeSystem);}
     *
     * @param id [in] the system's unique id
     * @param configuration [in] a schema v2 ComputeSystem document
     * @param operation [in] tracks the creation
     * @param securityDescriptor [in, optional] reserved, must be null
     * @param computeSystem [out] the new system's handle; the caller closes it with {@link #HcsCloseComputeSystem}
     */
    int HcsCreateComputeSystem(Pointer id, Pointer configuration, Pointer operation, Pointer securityDescriptor,
            PointerByReference computeSystem);

    /**
     * {@code HRESULT HcsOpenComputeSystem(PCWSTR id, DWORD requestedAccess, HCS_SYSTEM* computeSystem);}
     *
     * @param computeSystem [out] the caller closes it with {@link #HcsCloseComputeSystem}
     */
    int HcsOpenComputeSystem(Pointer id, int requestedAccess, PointerByReference computeSystem);

    /** {@code HRESULT HcsStartComputeSystem(HCS_SYSTEM computeSystem, HCS_OPERATION operation, PCWSTR options);} [in] options optional. */
    int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

    /** {@code HRESULT HcsShutDownComputeSystem(HCS_SYSTEM computeSystem, HCS_OPERATION operation, PCWSTR options);} A clean shutdown request. */
    int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

    /** {@code HRESULT HcsTerminateComputeSystem(HCS_SYSTEM computeSystem, HCS_OPERATION operation, PCWSTR options);} Forced stop. */
    int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, Pointer options);

    /** {@code void HcsCloseComputeSystem(HCS_SYSTEM computeSystem);} Releases the handle; the system lives on. */
    void HcsCloseComputeSystem(Pointer computeSystem);

    /**
     * {@code HRESULT HcsGetComputeSystemProperties(HCS_SYSTEM computeSystem, HCS_OPERATION operation, PCWSTR propertyQuery);}
     * The operation's result document is a schema v2 Properties document.
     */
    int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation, Pointer propertyQuery);

    /**
     * {@code HRESULT HcsEnumerateComputeSystems(PCWSTR query, HCS_OPERATION operation);} The operation's result
     * document is a JSON array of ComputeSystemProperties.
     */
    int HcsEnumerateComputeSystems(Pointer query, Pointer operation);

    /**
     * {@code HRESULT HcsSetComputeSystemCallback(HCS_SYSTEM computeSystem, HCS_EVENT_OPTIONS callbackOptions,
     * const void* context, HCS_EVENT_CALLBACK callback);} The callback object must stay reachable (held by the
     * caller) for as long as it is registered, or the JVM would collect the native trampoline.
     */
    int HcsSetComputeSystemCallback(Pointer computeSystem, int callbackOptions, Pointer context, HCS_EVENT_CALLBACK callback);

    /**
     * {@code HRESULT HcsCreateProcess(HCS_SYSTEM computeSystem, PCWSTR processParameters, HCS_OPERATION operation,
     * const SECURITY_DESCRIPTOR* securityDescriptor, HCS_PROCESS* process);}
     *
     * @param processParameters [in] a schema v2 ProcessParameters document
     * @param process [out] the caller closes it with {@link #HcsCloseProcess}
     */
    int HcsCreateProcess(Pointer computeSystem, Pointer processParameters, Pointer operation, Pointer securityDescriptor,
            PointerByReference process);

    /** {@code HRESULT HcsSignalProcess(HCS_PROCESS process, HCS_OPERATION operation, PCWSTR options);} options: a SignalProcessOptions document. */
    int HcsSignalProcess(Pointer process, Pointer operation, Pointer options);

    /** {@code HRESULT HcsTerminateProcess(HCS_PROCESS process, HCS_OPERATION operation, PCWSTR options);} */
    int HcsTerminateProcess(Pointer process, Pointer operation, Pointer options);

    /**
     * {@code HRESULT HcsGetProcessProperties(HCS_PROCESS process, HCS_OPERATION operation, PCWSTR propertyQuery);}
     * The operation's result document is a schema v2 ProcessStatus document.
     */
    int HcsGetProcessProperties(Pointer process, Pointer operation, Pointer propertyQuery);

    /**
     * {@code HRESULT HcsGetProcessInfo(HCS_PROCESS process, HCS_OPERATION operation);} The operation's result, read
     * with {@link #HcsWaitForOperationResultAndProcessInfo}, is the process id and its standard handles
     * ({@code INVALID_HANDLE_VALUE} for those not asked for). Used when the wait of {@link #HcsCreateProcess} fails
     * spuriously although the process exists (observed on Windows Server 2022; hcsshim {@code internal/hcs/v2/system.go}).
     */
    int HcsGetProcessInfo(Pointer process, Pointer operation);

    /** {@code void HcsCloseProcess(HCS_PROCESS process);} */
    void HcsCloseProcess(Pointer process);

    /**
     * {@code HRESULT HcsWaitForOperationResultAndProcessInfo(HCS_OPERATION operation, DWORD timeoutMs,
     * HCS_PROCESS_INFORMATION* processInformation, PWSTR* resultDocument);} For the operation of
     * {@link #HcsCreateProcess}: also returns the process id and its standard handles, which the caller closes with
     * {@link Kernel32#CloseHandle}. The handles are overlapped pipes; one not asked for is {@code INVALID_HANDLE_VALUE}.
     *
     * @param processInformation [out, optional]
     * @param resultDocument [out, optional] freed with {@link Kernel32#LocalFree}
     */
    int HcsWaitForOperationResultAndProcessInfo(Pointer operation, int timeoutMs, HCS_PROCESS_INFORMATION processInformation,
            PointerByReference resultDocument);
}
