package dev.berth.node.api;

import dev.berth.core.error.ErrorCode;
import dev.berth.node.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpStatusTest
{
    @Test
    void placementSignalsAreNeverServerErrors()
    {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.isPlacementSignal()) {
                assertThat(HttpStatus.of(code)).as(code.name()).isBetween(400, 499);
            }
        }
        assertThat(HttpStatus.of(ErrorCode.ROUTE_TO_PEER)).isEqualTo(409);
        assertThat(HttpStatus.of(ErrorCode.WRONG_PLATFORM)).isEqualTo(422);
    }

    @Test
    void userErrorsAreClientErrors()
    {
        assertThat(HttpStatus.of(ErrorCode.INVALID_SPEC)).isEqualTo(400);
        assertThat(HttpStatus.of(ErrorCode.NOT_FOUND)).isEqualTo(404);
        assertThat(HttpStatus.of(ErrorCode.TIMEOUT)).isEqualTo(504);
        assertThat(HttpStatus.of(ErrorCode.INTERNAL)).isEqualTo(500);
        assertThat(HttpStatus.of(ErrorCode.STORAGE_FULL)).as("a full disk is not the client's fault").isEqualTo(507);
    }

    @Test
    void aFullDiskGetsTheDisksHintWhateverTheCode()
    {
        assertThat(ExitCodes.hint("STORAGE_FULL")).contains("free space");
        assertThat(ExitCodes.hint("PULL_FAILED", 28)).contains("free space");
        assertThat(ExitCodes.hint("CREATE_FAILED", 122)).contains("free space");
        assertThat(ExitCodes.hint("PULL_FAILED", 0)).contains("registry");
    }

    @Test
    void exitCodesFollowTheErrorCode()
    {
        assertThat(ExitCodes.of("INVALID_SPEC")).isEqualTo(2);
        assertThat(ExitCodes.of("NOT_FOUND")).isEqualTo(3);
        assertThat(ExitCodes.of("ROUTE_TO_PEER")).isEqualTo(4);
        assertThat(ExitCodes.of("WRONG_PLATFORM")).isEqualTo(4);
        assertThat(ExitCodes.of("CREATE_FAILED")).isEqualTo(1);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ExitCodes.hint(code.name())).isNotBlank();
        }
    }
}
