package dev.berth.oci.testing;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.spec.PlatformSpec;

import java.util.Optional;

/**
 * agent-core's contract for a backend built on runtime-oci, whatever its host: the busybox image, a Windows image
 * to refuse and busybox with StopSignal SIGUSR1 come from {@link TestImages}; the subclass supplies the backend and a
 * second instance over the same state.
 */
public abstract class OciContractTest
        extends RuntimeBackendContractTest
{
    @Override
    protected PulledImage image()
    {
        return backend().pull(TestImages.BUSYBOX, PlatformSpec.ANY);
    }

    @Override
    protected Optional<String> otherOsImage()
    {
        return Optional.of(TestImages.WINDOWS);
    }

    @Override
    protected Optional<PulledImage> usr1StopSignalImage()
    {
        return Optional.of(backend().pull(TestImages.BUSYBOX_USR1, PlatformSpec.ANY));
    }
}
