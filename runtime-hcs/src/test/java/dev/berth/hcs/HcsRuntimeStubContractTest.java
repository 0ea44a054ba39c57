package dev.berth.hcs;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.Isolation;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent-core contract, run by the real backend through the real JNA binding against the C stub, with Windows
 * commands. After each test every result document has been freed exactly once and no operation, process or pipe
 * handle is left open.
 */
@Isolated
class HcsRuntimeStubContractTest
        extends WindowsBackendContractTest
{
    @TempDir
    Path layerRoot;

    private HcsStub stub;
    private TestingImageService images;
    private HcsRuntime runtime;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        createBaseLayerFiles(layerRoot.resolve("base"));
        images = new TestingImageService().add(WindowsContract.NANOSERVER, List.of(layerRoot.resolve("base"), layerRoot.resolve("top")))
                .add(WindowsContract.LINUX, List.of());
        runtime = newInstance();
    }

    @AfterEach
    void noLeaks()
    {
        // runs before the contract's own cleanup: check only what cannot be outstanding between calls
        assertThat(stub.counter(HcsStub.BAD_FREES)).isZero();
        assertThat(stub.counter(HcsStub.FREED)).isEqualTo(stub.counter(HcsStub.ALLOCATED));
        assertThat(stub.counter(HcsStub.LIVE_OPERATIONS)).isZero();
        assertThat(stub.counter(HcsStub.BAD_HANDLES)).isZero();
        assertThat(stub.counter(HcsStub.WAITS_AFTER_TIMEOUT)).isZero();
        assertThat(stub.counter(HcsStub.LAYER_ORDER_VIOLATIONS)).isZero();
    }

    @Override
    protected HcsRuntime newInstance()
    {
        HcsConfig config = new HcsConfig(Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(), Isolation.AUTO, "berth", 1L << 30, 2,
                Duration.ofMillis(20));
        return new HcsRuntime(new HcsClient(stub.libraries(), config.operationTimeout()), new LayerManager(stub.libraries().vmCompute()), images,
                WindowsContract.HOST, config);
    }

    @Override
    protected RuntimeBackend backend()
    {
        return runtime;
    }
}
