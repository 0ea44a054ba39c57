package dev.berth.hcs.layer;

import dev.berth.core.error.Timeout;
import dev.berth.hcs.error.HcsCallFailed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCallTest
{
    @Test
    void aCallPastItsBoundIsTimeoutNamingTheFunctionWhileItGoesOn()
    {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> BoundedCall.run("ImportLayer", Duration.ofMillis(50), () -> {
                try {
                    release.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned.countDown();
                return 0;
            })).isInstanceOfSatisfying(Timeout.class, timeout -> assertThat(timeout.getCause()).hasMessageContaining("vmcompute ImportLayer"));
            assertThat(returned.getCount()).as("the native call is still running").isEqualTo(1);
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void aFailedHresultIsHcsCallFailedAndSuccessIsQuiet()
    {
        BoundedCall.run("ActivateLayer", Duration.ofSeconds(5), () -> 0);
        assertThatThrownBy(() -> BoundedCall.run("ActivateLayer", Duration.ofSeconds(5), () -> 0x80070005))
                .isInstanceOfSatisfying(HcsCallFailed.class, failure -> assertThat(failure.hresult().value()).isEqualTo(0x80070005));
    }
}
