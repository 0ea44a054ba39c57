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
