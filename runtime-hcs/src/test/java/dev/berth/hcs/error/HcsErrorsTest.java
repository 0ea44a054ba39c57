package dev.berth.hcs.error;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Internal;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.StartFailed;
import dev.berth.core.error.Unsupported;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Codes as hcsshim's internal/computecore/errors.go (0x8037xxxx) and the older vmcompute numbering (0xC037xxxx) define them. */
class HcsErrorsTest
{
    @ParameterizedTest
    @ValueSource(ints = {0x80370101, 0xC0370101, 0x80370102, 0xC0370102, 0x80370114})
    void cannotHostCodesArePlacementSignals(int code)
    {
        AgentError error = HcsErrors.toAgentError(failure(code, "{\"ErrorMessage\":\"nope\"}"), HcsErrors.Action.CREATE, "web-1", "web");
        assertThat(error).isInstanceOf(RouteToPeer.class);
        assertThat(error.isPlacementSignal()).isTrue();
        assertThat(error.getMessage()).contains(String.format("0x%08X", code)).contains("{\"ErrorMessage\":\"nope\"}");
        assertThat(((RouteToPeer) error).fields()).containsEntry("service", "web").containsEntry("requiredOs", "windows");
    }

    @Test
    void legacyCodesWithOtherMeaningsAreNotPlacementSignals()
    {
        // 0xC0370105 is "invalid state" in the vmcompute numbering, not service-not-available (0x80370114)
        assertThat(HcsErrors.cannotHost(new HResult(0xC0370105))).isFalse();
        assertThat(new HResult(0xC0370105).is(HResult.HCS_E_INVALID_STATE)).isTrue();
        assertThat(new HResult(0xC0370103).is(HResult.HCS_E_OPERATION_PENDING)).isTrue();
        assertThat(HcsErrors.cannotHost(new HResult(0x80370105))).isFalse();
    }

    @Test
    void win32WrappedCodesKeepTheirErrorAsErrno()
    {
        AgentError error = HcsErrors.toAgentError(failure(0x80070005, null), HcsErrors.Action.START, "web-1", "web");
        assertThat(error).isInstanceOf(StartFailed.class);
        assertThat(error.getMessage()).contains("0x80070005 Win32 error 5");
        assertThat(error.errno()).hasValue(5);
        assertThat(HcsErrors.toAgentError(failure(0x80070032, null), HcsErrors.Action.CREATE, "web-1", "web")).isInstanceOf(Unsupported.class);
    }

    @Test
    void systemNotFoundInEitherFormIsNotFound()
    {
        assertThat(HcsErrors.toAgentError(failure(0x8037010E, null), HcsErrors.Action.OTHER, "web-1", "web")).isInstanceOf(NotFound.class);
        assertThat(HcsErrors.toAgentError(failure(0xC037010E, null), HcsErrors.Action.OTHER, "web-1", "web")).isInstanceOf(NotFound.class);
    }

    @Test
    void elementNotFoundMeansGone()
    {
        // hcsshim internal/hcs/errors.go: IsNotExist and IsAlreadyStopped both count ERROR_NOT_FOUND (0x490)
        assertThat(HcsErrors.toAgentError(failure(0x80070490, null), HcsErrors.Action.OTHER, "web-1", "web")).isInstanceOf(NotFound.class);
        assertThat(HcsErrors.gone(new HResult(0x80070490))).isTrue();
        assertThat(HcsErrors.alreadyStopped(new HResult(0x80070490))).isTrue();
        assertThat(HcsErrors.alreadyStopped(new HResult(0xC0370110))).isTrue();
        assertThat(HcsErrors.alreadyStopped(new HResult(0x8037011F))).isTrue();
        assertThat(HcsErrors.gone(new HResult(0x80070005))).isFalse();
    }

    /** Microsoft's "HCS HRESULT" table (learn.microsoft.com/virtualization/api/hcs/reference/hcshresult) row by row, and winerror.h past it. */
    @ParameterizedTest
    @CsvSource({
            "HCS_E_TERMINATED_DURING_START, 0x80370100", "HCS_E_IMAGE_MISMATCH, 0x80370101", "HCS_E_HYPERV_NOT_INSTALLED, 0x80370102",
            "HCS_E_INVALID_STATE, 0x80370105", "HCS_E_UNEXPECTED_EXIT, 0x80370106", "HCS_E_TERMINATED, 0x80370107",
            "HCS_E_CONNECT_FAILED, 0x80370108", "HCS_E_CONNECTION_TIMEOUT, 0x80370109", "HCS_E_CONNECTION_CLOSED, 0x8037010A",
            "HCS_E_UNKNOWN_MESSAGE, 0x8037010B", "HCS_E_UNSUPPORTED_PROTOCOL_VERSION, 0x8037010C", "HCS_E_INVALID_JSON, 0x8037010D",
            "HCS_E_SYSTEM_NOT_FOUND, 0x8037010E", "HCS_E_SYSTEM_ALREADY_EXISTS, 0x8037010F", "HCS_E_SYSTEM_ALREADY_STOPPED, 0x80370110",
            "HCS_E_PROTOCOL_ERROR, 0x80370111", "HCS_E_INVALID_LAYER, 0x80370112", "HCS_E_WINDOWS_INSIDER_REQUIRED, 0x80370113",
            "HCS_E_SERVICE_NOT_AVAILABLE, 0x80370114", "HCS_E_OPERATION_NOT_STARTED, 0x80370115", "HCS_E_OPERATION_ALREADY_STARTED, 0x80370116",
            "HCS_E_OPERATION_PENDING, 0x80370117", "HCS_E_OPERATION_TIMEOUT, 0x80370118", "HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET, 0x80370119",
            "HCS_E_OPERATION_RESULT_ALLOCATION_FAILED, 0x8037011A", "HCS_E_ACCESS_DENIED, 0x8037011B", "HCS_E_GUEST_CRITICAL_ERROR, 0x8037011C",
            "HCS_E_PROCESS_INFO_NOT_AVAILABLE, 0x8037011D", "HCS_E_SERVICE_DISCONNECT, 0x8037011E", "HCS_E_PROCESS_ALREADY_STOPPED, 0x8037011F",
            "HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION, 0x80370120", "HCS_E_OPERATION_ALREADY_CANCELLED, 0x80370121",
            "E_NOTIMPL, 0x80004001"})
    void everyConstantHasMicrosoftsValueAndName(String name, String value)
            throws ReflectiveOperationException
    {
        int expected = Integer.parseUnsignedInt(value.substring(2), 16);
        assertThat(((HResult) HResult.class.getField(name).get(null)).value()).as(name).isEqualTo(expected);
        assertThat(HcsErrors.describe(new HResult(expected))).isEqualTo(value.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x") + " " + name);
    }

    /** winerror.h's ERROR_VMCOMPUTE_* forms: each reads as its HCS_E_* twin. */
    @ParameterizedTest
    @CsvSource({"0xC0370108, HCS_E_CONNECT_FAILED", "0xC037010B, HCS_E_UNKNOWN_MESSAGE", "0xC037010D, HCS_E_INVALID_JSON",
            "0xC0370112, HCS_E_INVALID_LAYER", "0xC0370113, HCS_E_WINDOWS_INSIDER_REQUIRED"})
    void legacyFormsReadAsTheirTwins(String value, String name)
            throws ReflectiveOperationException
    {
        HResult legacy = new HResult(Integer.parseUnsignedInt(value.substring(2), 16));
        assertThat(legacy.is((HResult) HResult.class.getField(name).get(null))).isTrue();
        assertThat(HcsErrors.describe(legacy)).endsWith(" " + name);
    }

    @Test
    void actionDecidesTheFailureVariant()
    {
        assertThat(HcsErrors.toAgentError(failure(0x8037010D, null), HcsErrors.Action.CREATE, "w", "s")).isInstanceOf(CreateFailed.class)
                .hasMessageContaining("HCS_E_INVALID_JSON");
        assertThat(HcsErrors.toAgentError(failure(0x80004005, null), HcsErrors.Action.OTHER, "w", "s")).isInstanceOf(Internal.class)
                .hasMessageContaining("0x80004005");
    }

    @Test
    void hresultParts()
    {
        HResult hresult = new HResult(0x80370114);
        assertThat(hresult.failed()).isTrue();
        assertThat(hresult.facility()).isEqualTo(HResult.FACILITY_HCS);
        assertThat(hresult.code()).isEqualTo(0x114);
        assertThat(new HResult(0x80070002).facility()).isEqualTo(HResult.FACILITY_WIN32);
        assertThat(new HResult(0x80070002).win32Error()).hasValue(2);
        assertThat(hresult.win32Error()).isEmpty();
        assertThat(new HResult(0).failed()).isFalse();
    }

    private static HcsCallFailed failure(int code, String document)
    {
        return new HcsCallFailed("HcsCreateComputeSystem", new HResult(code), Optional.ofNullable(document));
    }
}
