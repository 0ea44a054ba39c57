package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.testing.Requirements;
import org.junit.jupiter.api.Test;

class LazyLibCTest
{
    @Test
    void loadsLibcOnceWhetherPreloadedOrAskedFirst()
    {
        Requirements.require(LibCLoader.isLinux(), "a Linux host");
        LazyLibC lazy = new LazyLibC().preloadInBackground();

        LibC libc = lazy.get();

        assertThat(libc.strerror(2)).isEqualTo("No such file or directory");
        assertThat(lazy.get()).isSameAs(libc);
    }
}
