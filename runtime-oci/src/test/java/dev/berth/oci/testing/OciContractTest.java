package dev.berth.oci.testing;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.core.spec.PlatformSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Optional;

/**
 * agent-core's contract for a backend built on runtime-oci, whatever its host: the subclass makes a harness (one per
 * class, closed after it) and says how to get its backend and a second instance over the same state, the next agent
 * JVM; the busybox image, a Windows image to refuse and busybox with StopSignal SIGUSR1 come from {@link TestImages}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OciContractTest<H extends AutoCloseable>
        extends RuntimeBackendContractTest
{
    private H harness;

    /** Checks what the harness needs (skipping otherwise), then makes it. */
    protected abstract H createHarness();

    protected abstract RuntimeBackend backend(H harness);

    protected abstract RuntimeBackend reopen(H harness);

    @BeforeAll
    void start()
    {
        harness = createHarness();
    }

    @AfterAll
    void stop()
            throws Exception
    {
        if (harness != null) {
            harness.close();
        }
    }

    @Override
    protected final RuntimeBackend backend()
    {
        return backend(harness);
    }

    @Override
    protected final Optional<RuntimeBackend> reopen()
    {
        return Optional.of(reopen(harness));
    }

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
