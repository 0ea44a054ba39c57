package dev.berth.hcs.error;

import java.util.Map;
import java.util.Optional;

/**
 * An {@code HRESULT}, and the HCS codes berth acts on. HCS codes live in facility 0x37 and appear in two forms:
 * {@code 0x8037xxxx} (computecore, {@code HCS_E_*}, hcsshim {@code internal/computecore/errors.go}) and the older
 * vmcompute {@code 0xC037xxxx} form. The two agree from 0x100 to 0x113 and only there: 0xC0370103 is "operation
 * pending" and 0xC0370105 "invalid state" in the old numbering, while 0x80370114 ({@code HCS_E_SERVICE_NOT_AVAILABLE})
 * has no old twin. So codes are matched by the pair of forms known to mean the same thing, never by low bits alone.
 */
public record HResult(int value)
{
    public static final int S_OK = 0;
    public static final int FACILITY_WIN32 = 7;
    public static final int FACILITY_HCS = 0x37;

    public static final HResult HCS_E_TERMINATED_DURING_START = new HResult(0x80370100);
    public static final HResult HCS_E_IMAGE_MISMATCH = new HResult(0x80370101);
    public static final HResult HCS_E_HYPERV_NOT_INSTALLED = new HResult(0x80370102);
    public static final HResult HCS_E_INVALID_STATE = new HResult(0x80370105);
    public static final HResult HCS_E_UNEXPECTED_EXIT = new HResult(0x80370106);
    public static final HResult HCS_E_TERMINATED = new HResult(0x80370107);
    public static final HResult HCS_E_INVALID_JSON = new HResult(0x8037010D);
    public static final HResult HCS_E_SYSTEM_NOT_FOUND = new HResult(0x8037010E);
    public static final HResult HCS_E_SYSTEM_ALREADY_EXISTS = new HResult(0x8037010F);
    public static final HResult HCS_E_SYSTEM_ALREADY_STOPPED = new HResult(0x80370110);
    public static final HResult HCS_E_INVALID_LAYER = new HResult(0x80370112);
    public static final HResult HCS_E_SERVICE_NOT_AVAILABLE = new HResult(0x80370114);
    public static final HResult HCS_E_OPERATION_PENDING = new HResult(0x80370117);
    public static final HResult HCS_E_OPERATION_TIMEOUT = new HResult(0x80370118);
    public static final HResult HCS_E_ACCESS_DENIED = new HResult(0x8037011B);
    public static final HResult HCS_E_PROCESS_ALREADY_STOPPED = new HResult(0x8037011F);
    public static final HResult HCS_E_OPERATION_ALREADY_CANCELLED = new HResult(0x80370121);

    /** Old vmcompute forms with the same meaning as a {@code HCS_E_*} code. */
    private static final Map<Integer, HResult> LEGACY = Map.of(
            0xC0370100, HCS_E_TERMINATED_DURING_START,
            0xC0370101, HCS_E_IMAGE_MISMATCH,
            0xC0370102, HCS_E_HYPERV_NOT_INSTALLED,
            0xC0370103, HCS_E_OPERATION_PENDING,
            0xC0370105, HCS_E_INVALID_STATE,
            0xC0370106, HCS_E_UNEXPECTED_EXIT,
            0xC0370107, HCS_E_TERMINATED,
            0xC037010E, HCS_E_SYSTEM_NOT_FOUND,
            0xC037010F, HCS_E_SYSTEM_ALREADY_EXISTS,
            0xC0370110, HCS_E_SYSTEM_ALREADY_STOPPED);

    /** Win32 errors (as {@code HRESULT_FROM_WIN32}) berth names. */
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_NOT_SUPPORTED = 50;

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
