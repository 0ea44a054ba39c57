package dev.berth.hcs;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.StartFailed;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ContainerStatus;
import dev.berth.core.spec.Isolation;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.hcs.layer.LayerManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a container's record carries over to the next backend instance, against the C stub. */
@Isolated
class ContainerRecordsStubTest
{
    @TempDir
    Path layerRoot;

    private HcsStub stub;
    private TestingImageService images;

    @BeforeEach
    void setUp()
    {
        stub = HcsStub.load();
        images = new TestingImageService().add(WindowsContract.NANOSERVER, List.of(layerRoot.resolve("base")));
    }

    @AfterEach
    void nothingLeft()
    {
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).isZero();
        assertThat(stub.counter(HcsStub.LAYER_ORDER_VIOLATIONS)).isZero();
        assertThat(stub.counter(HcsStub.LIVE_SYSTEM_HANDLES)).isZero();
        assertThat(stub.counter(HcsStub.BAD_HANDLES)).isZero();
    }

    @Test
    void aContainerWhoseSystemEndedWithItsAgentIsReportedAndRemovedWithItsScratchLayer()
    {
        String id = "orphan-" + System.nanoTime();
        HcsRuntime first = runtime();
        first.create(request(id, WindowsContract.LONG_RUNNING));
        first.start(id);
        // the agent dies: its handles close, and HCS ends the system (ShouldTerminateOnLastHandleClosed) and forgets it
        first.closeHandles();
        assertThat(stub.counter(HcsStub.LAYERS_ACTIVE)).as("the scratch layer is still mounted").isEqualTo(1);

        HcsRuntime next = runtime();
        assertThat(next.list()).extracting(ContainerStatus::id, ContainerStatus::state).contains(org.assertj.core.groups.Tuple.tuple(id,
                ContainerState.EXITED));
        assertThat(next.state(id).exit()).map(exit -> exit.code()).as("terminated with its agent").contains(137);
        assertThatThrownBy(() -> next.start(id)).isInstanceOf(InvalidSpec.class).hasMessageContaining("remove it");
        next.remove(id, false);
        assertThatThrownBy(() -> next.state(id)).isInstanceOf(NotFound.class);
        assertThat(layerRoot.resolve(id)).as("scratch layer destroyed").doesNotExist();
        assertThat(layerRoot.resolve("records").resolve(id + ".json")).doesNotExist();
    }

    @Test
    void aStartThatCannotCreateTheProcessIsFailedNamesTheCommandAndIsRemovedWithoutForce()
    {
        String id = "nostart-" + System.nanoTime();
        HcsRuntime runtime = runtime();
        runtime.create(request(id, List.of("C:\\no-such-tool.exe", "--serve")));
        assertThatThrownBy(() -> runtime.start(id)).isInstanceOf(StartFailed.class).hasMessageContaining("C:\\no-such-tool.exe --serve")
                .hasMessageContaining("0x80070002");
        assertThat(runtime.state(id).state()).isEqualTo(ContainerState.FAILED);
        assertThat(stub.records()).as("a system without its process is not left running").anyMatch(line -> line.startsWith("HcsTerminateComputeSystem\t"
                + id));
        HcsRuntime next = runtime();
        assertThat(next.state(id).state()).as("a later instance sees the failure too").isEqualTo(ContainerState.FAILED);
        next.closeHandles();
        runtime.remove(id, false);
        assertThatThrownBy(() -> runtime.state(id)).isInstanceOf(NotFound.class);
    }

    @Test
    void anIdThatCannotNameAFileIsRefusedBeforeAnythingIsMade()
            throws IOException
    {
        HcsRuntime runtime = runtime();
        for (String id : List.of("..", "a/b", "a\\b", "trailing.", "")) {
            assertThatThrownBy(() -> runtime.create(request(id, WindowsContract.LONG_RUNNING))).as(id).isInstanceOf(InvalidSpec.class)
                    .hasMessageContaining("container id");
        }
        try (var files = Files.list(layerRoot)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private HcsRuntime runtime()
    {
        HcsConfig config = new HcsConfig(Optional.of(stub.path()), Duration.ofSeconds(10), layerRoot.toString(), Isolation.PROCESS, "berth", 1L << 30, 2,
                Duration.ofMillis(20));
        return new HcsRuntime(new HcsClient(stub.libraries(), config.operationTimeout()), new LayerManager(stub.libraries().vmCompute()), images,
                WindowsContract.HOST, config);
    }

    private static ContainerRequest request(String id, List<String> args)
    {
        return new ContainerRequest(id, ServiceSpec.of(id.isEmpty() ? "x" : id, WindowsContract.NANOSERVER.reference(), args),
                WindowsContract.NANOSERVER, Map.of());
    }
}
