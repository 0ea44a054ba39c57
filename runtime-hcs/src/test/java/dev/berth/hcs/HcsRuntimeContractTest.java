package dev.berth.hcs;

import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.spec.Isolation;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.binding.TestingComputeCore;
import dev.berth.hcs.binding.TestingKernel32;
import dev.berth.hcs.binding.TestingVmCompute;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent-core contract, run by the backend over the hand-written {@link TestingComputeCore}: no native code at all. */
class HcsRuntimeContractTest
        extends WindowsBackendContractTest
{
    @TempDir
    static Path layerRoot;

    private final TestingKernel32 kernel32 = new TestingKernel32();
    private final TestingComputeCore core = new TestingComputeCore(kernel32);
    private final HcsLibraries libraries = new HcsLibraries(core, new TestingVmCompute(), kernel32);
    private final TestingImageService images = new TestingImageService().add(WindowsContract.NANOSERVER, List.of(layerRoot.resolve("base")))
            .add(WindowsContract.LINUX, List.of());
    private HcsRuntime runtime;

    @AfterEach
    void everyDocumentFreedOnce()
    {
        assertThat(kernel32.badFrees()).isZero();
        assertThat(kernel32.freed()).isEqualTo(kernel32.allocated());
        assertThat(core.openOperations()).isZero();
    }

    @Override
    protected HcsRuntime newInstance()
    {
        createBaseLayerFiles(layerRoot.resolve("base"));
        HcsConfig config = new HcsConfig(Optional.empty(), Duration.ofSeconds(5), layerRoot.toString(), Isolation.AUTO, "berth", 1L << 30, 2,
                Duration.ofMillis(10));
        return new HcsRuntime(new HcsClient(libraries, config.operationTimeout()), new LayerManager(libraries.vmCompute()), images, WindowsContract.HOST,
                config);
    }

    @Override
    protected RuntimeBackend backend()
    {
        if (runtime == null) {
            runtime = newInstance();
        }
        return runtime;
    }
}
