package dev.berth.hcs.error;

import java.util.Map;
import java.util.Optional;

/**
 * An {@code HRESULT}, and the HCS codes berth acts on. HCS codes live in facility 0x37 and appear in two forms:
 * {@code 0x8037xxxx} (computecore, {@code HCS_E_*}, hcsshim {@code internal/computecore/errors.go}) and the older
 * vmcompute {@code 0xC037xxxx} form ({@code ERROR_VMCOMPUTE_*}). Their low bits agree from 0x100 to 0x113 except at
 * 0x103 and 0x104: 0xC0370103 is "operation pending", whose new form is 0x80370117, and 0xC0370104 ("too many
 * notifications") has no new form; nothing from 0x114 up has an old form. So codes are matched by the pair of forms
 * known to mean the same thing, never by low bits alone. Win32 errors arrive as {@code 0x8007xxxx}.
 */
public record HResult(int value)
{
    public static final int S_OK = 0;
    public static final int FACILITY_WIN32 = 7;
    public static final int FACILITY_HCS = 0x37;

    // Microsoft's table, "HCS HRESULT" (learn.microsoft.com/virtualization/api/hcs/reference/hcshresult), every row;
    // 0x80370120 and 0x80370121 are from winerror.h, which the table stops short of.
    public static final HResult HCS_E_TERMINATED_DURING_START = new HResult(0x80370100);
    public static final HResult HCS_E_IMAGE_MISMATCH = new HResult(0x80370101);
    public static final HResult HCS_E_HYPERV_NOT_INSTALLED = new HResult(0x80370102);
    public static final HResult HCS_E_INVALID_STATE = new HResult(0x80370105);
    public static final HResult HCS_E_UNEXPECTED_EXIT = new HResult(0x80370106);
    public static final HResult HCS_E_TERMINATED = new HResult(0x80370107);
    public static final HResult HCS_E_CONNECT_FAILED = new HResult(0x80370108);
    public static final HResult HCS_E_CONNECTION_TIMEOUT = new HResult(0x80370109);
    public static final HResult HCS_E_CONNECTION_CLOSED = new HResult(0x8037010A);
    public static final HResult HCS_E_UNKNOWN_MESSAGE = new HResult(0x8037010B);
    public static final HResult HCS_E_UNSUPPORTED_PROTOCOL_VERSION = new HResult(0x8037010C);
    public static final HResult HCS_E_INVALID_JSON = new HResult(0x8037010D);
    public static final HResult HCS_E_SYSTEM_NOT_FOUND = new HResult(0x8037010E);
    public static final HResult HCS_E_SYSTEM_ALREADY_EXISTS = new HResult(0x8037010F);
    public static final HResult HCS_E_SYSTEM_ALREADY_STOPPED = new HResult(0x80370110);
    public static final HResult HCS_E_PROTOCOL_ERROR = new HResult(0x80370111);
    public static final HResult HCS_E_INVALID_LAYER = new HResult(0x80370112);
    public static final HResult HCS_E_WINDOWS_INSIDER_REQUIRED = new HResult(0x80370113);
    public static final HResult HCS_E_SERVICE_NOT_AVAILABLE = new HResult(0x80370114);
    public static final HResult HCS_E_OPERATION_NOT_STARTED = new HResult(0x80370115);
    public static final HResult HCS_E_OPERATION_ALREADY_STARTED = new HResult(0x80370116);
    public static final HResult HCS_E_OPERATION_PENDING = new HResult(0x80370117);
    public static final HResult HCS_E_OPERATION_TIMEOUT = new HResult(0x80370118);
    public static final HResult HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET = new HResult(0x80370119);
    public static final HResult HCS_E_OPERATION_RESULT_ALLOCATION_FAILED = new HResult(0x8037011A);
    public static final HResult HCS_E_ACCESS_DENIED = new HResult(0x8037011B);
    public static final HResult HCS_E_GUEST_CRITICAL_ERROR = new HResult(0x8037011C);
    public static final HResult HCS_E_PROCESS_INFO_NOT_AVAILABLE = new HResult(0x8037011D);
    public static final HResult HCS_E_SERVICE_DISCONNECT = new HResult(0x8037011E);
    public static final HResult HCS_E_PROCESS_ALREADY_STOPPED = new HResult(0x8037011F);
    public static final HResult HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION = new HResult(0x80370120);
    public static final HResult HCS_E_OPERATION_ALREADY_CANCELLED = new HResult(0x80370121);

    /** {@code E_NOTIMPL}: what {@code HcsCancelOperation} is documented to return, always. */
    public static final HResult E_NOTIMPL = new HResult(0x80004001);
    /** {@code E_INVALIDARG}. */
    public static final HResult E_INVALIDARG = new HResult(0x80070057);

    /**
     * Old vmcompute forms ({@code ERROR_VMCOMPUTE_*}, winerror.h) with the same meaning as a {@code HCS_E_*} code.
     * 0xC0370104 ({@code ERROR_VMCOMPUTE_TOO_MANY_NOTIFICATIONS}) has no twin and stays as it is.
     */
    private static final Map<Integer, HResult> LEGACY = Map.ofEntries(
            Map.entry(0xC0370100, HCS_E_TERMINATED_DURING_START),
            Map.entry(0xC0370101, HCS_E_IMAGE_MISMATCH),
            Map.entry(0xC0370102, HCS_E_HYPERV_NOT_INSTALLED),
            Map.entry(0xC0370103, HCS_E_OPERATION_PENDING),
            Map.entry(0xC0370105, HCS_E_INVALID_STATE),
            Map.entry(0xC0370106, HCS_E_UNEXPECTED_EXIT),
            Map.entry(0xC0370107, HCS_E_TERMINATED),
            Map.entry(0xC0370108, HCS_E_CONNECT_FAILED),
            Map.entry(0xC0370109, HCS_E_CONNECTION_TIMEOUT),
            Map.entry(0xC037010A, HCS_E_CONNECTION_CLOSED),
            Map.entry(0xC037010B, HCS_E_UNKNOWN_MESSAGE),
            Map.entry(0xC037010C, HCS_E_UNSUPPORTED_PROTOCOL_VERSION),
            Map.entry(0xC037010D, HCS_E_INVALID_JSON),
            Map.entry(0xC037010E, HCS_E_SYSTEM_NOT_FOUND),
            Map.entry(0xC037010F, HCS_E_SYSTEM_ALREADY_EXISTS),
            Map.entry(0xC0370110, HCS_E_SYSTEM_ALREADY_STOPPED),
            Map.entry(0xC0370111, HCS_E_PROTOCOL_ERROR),
            Map.entry(0xC0370112, HCS_E_INVALID_LAYER),
            Map.entry(0xC0370113, HCS_E_WINDOWS_INSIDER_REQUIRED));

    /** Win32 errors (as {@code HRESULT_FROM_WIN32}) berth names. */
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_NOT_SUPPORTED = 50;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_BROKEN_PIPE = 109;
    public static final int ERROR_IO_PENDING = 997;
    /** {@code ERROR_NOT_FOUND} (0x80070490 as an HRESULT): what HCS answers for a system or process that is gone. */
    public static final int ERROR_NOT_FOUND = 1168;

    public boolean failed()
    {
        return value < 0;
    }

    public int facility()
    {
        return (value >>> 16) & 0x1FFF;
    }

    public int code()
    {
        return value & 0xFFFF;
    }

    /** The Win32 error inside a {@code 0x8007xxxx} HRESULT. */
    public Optional<Integer> win32Error()
    {
        return (value & 0xFFFF0000) == 0x80070000 ? Optional.of(code()) : Optional.empty();
    }

    /** {@code HRESULT_FROM_WIN32(error)}. */
    public static HResult fromWin32(int error)
    {
        return new HResult(error <= 0 ? error : (error & 0xFFFF) | 0x80070000);
    }

    /** Whether this is the Win32 error {@code error} wrapped as an HRESULT. */
    public boolean isWin32(int error)
    {
        return win32Error().filter(code -> code == error).isPresent();
    }

    /** This code in the computecore {@code 0x8037xxxx} form, translating the old vmcompute form where it has a twin. */
    public HResult canonical()
    {
        HResult legacy = LEGACY.get(value);
        return legacy == null ? this : legacy;
    }

    /** Whether this is {@code other}, in either of its forms. */
    public boolean is(HResult other)
    {
        return canonical().value == other.canonical().value;
    }

    public String hex()
    {
        return String.format("0x%08X", value);
    }

    @Override
    public String toString()
    {
        return hex();
    }
}
