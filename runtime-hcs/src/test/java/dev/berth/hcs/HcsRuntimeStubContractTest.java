package dev.berth.hcs;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent-core contract, run by the real backend through the real JNA binding against the C stub, with Windows
 * commands. After each test every result document has been freed exactly once and no operation, process or pipe
 * handle is left open.
 */
@Isolated
class HcsRuntimeStubContractTest
        extends RuntimeBackendContractTest
{
    @TempDir
    Path layerRoot;

    private HcsStub stub;
    private HcsRuntime runtime;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        HcsLibraries libraries = stub.libraries();
        HcsConfig config = new HcsConfig(java.util.Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(),
                dev.berth.core.spec.Isolation.AUTO, "berth", 1L << 30, 2, Duration.ofMillis(20));
        TestingImageService images = new TestingImageService().add(WindowsContract.NANOSERVER,
                List.of(layerRoot.resolve("base"), layerRoot.resolve("top")));
        runtime = new HcsRuntime(new HcsClient(libraries, config.operationTimeout()), new LayerManager(libraries.vmCompute()), images,
                WindowsContract.HOST, config);
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
    protected RuntimeBackend backend()
    {
        return runtime;
    }

    @Override
    protected PulledImage image()
    {
        return WindowsContract.NANOSERVER;
    }

    @Override
    protected List<String> longRunning()
    {
        return WindowsContract.LONG_RUNNING;
    }

    @Override
    protected List<String> exitWith(int code)
    {
        return WindowsContract.exitWith(code);
    }

    @Override
    protected List<String> print(String text)
    {
        return WindowsContract.print(text);
    }
}
