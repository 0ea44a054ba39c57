package dev.berth.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.GpuSharing;
import dev.berth.core.spec.Isolation;
import org.junit.jupiter.api.Test;

import java.util.Set;

class BackendCapabilitiesTest
{
    @Test
    void whatIsNotNamedIsNotOffered()
    {
        BackendCapabilities capabilities = BackendCapabilities.builder().logs().isolation(Isolation.AUTO).build();
        assertThat(capabilities).isEqualTo(new BackendCapabilities(false, true, false, false, false, Set.of(), Set.of(Isolation.AUTO)));
    }

    @Test
    void eachNameSetsItsOwnField()
    {
        assertThat(BackendCapabilities.builder().exec().build().exec()).isTrue();
        assertThat(BackendCapabilities.builder().exec().build().logs()).isFalse();
        assertThat(BackendCapabilities.builder().stats().build().stats()).isTrue();
        assertThat(BackendCapabilities.builder().stats().build().tty()).isFalse();
        assertThat(BackendCapabilities.builder().tty().build().tty()).isTrue();
        assertThat(BackendCapabilities.builder().gpu(false).build().gpu()).isFalse();
        assertThat(BackendCapabilities.builder().gpu(true).build().gpu()).isTrue();
    }

    @Test
    void sharingModesAndIsolationsAreKeptAsNamed()
    {
        BackendCapabilities capabilities = BackendCapabilities.builder().gpu(true).gpuSharing(GpuSharing.EXCLUSIVE, GpuSharing.MPS)
                .isolation(Isolation.AUTO, Isolation.PROCESS).build();
        assertThat(capabilities.gpuSharing()).containsExactlyInAnyOrder(GpuSharing.EXCLUSIVE, GpuSharing.MPS);
        assertThat(capabilities.isolation()).containsExactlyInAnyOrder(Isolation.AUTO, Isolation.PROCESS);
        assertThat(BackendCapabilities.builder().build().gpuSharing()).isEmpty();
    }
}
