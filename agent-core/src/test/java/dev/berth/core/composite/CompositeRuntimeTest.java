package dev.berth.core.composite;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.NotFound;
import dev.berth.core.error.PullFailed;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ImageActivity;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.TestingRuntimeBackend;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompositeRuntimeTest
{
    private static final PulledImage LINUX_IMAGE = new PulledImage("app:linux", "sha256:" + "1".repeat(64), ImagePlatform.of("linux", "amd64"), ImageConfig.EMPTY);
    private static final PulledImage WINDOWS_IMAGE = new PulledImage("app:windows", "sha256:" + "2".repeat(64), ImagePlatform.of("windows", "amd64"), ImageConfig.EMPTY);
    private static final PulledImage BSD_IMAGE = new PulledImage("app:bsd", "sha256:" + "3".repeat(64), ImagePlatform.of("freebsd", "amd64"), ImageConfig.EMPTY);

    private final TestingRuntimeBackend hcs = new TestingRuntimeBackend("hcs", Set.of(OsFamily.WINDOWS))
            .addImage(LINUX_IMAGE).addImage(WINDOWS_IMAGE).addImage(BSD_IMAGE);
    private final TestingRuntimeBackend wsl2 = new TestingRuntimeBackend("wsl2", Set.of(OsFamily.LINUX))
            .addImage(LINUX_IMAGE).addImage(WINDOWS_IMAGE).addImage(BSD_IMAGE);
    private final InMemoryOwnershipStore ownership = new InMemoryOwnershipStore();
    private CompositeRuntime composite;

    @AfterEach
    void close()
    {
        if (composite != null) {
            composite.close();
        }
    }

    private CompositeRuntime windowsNode(RuntimeBackend... backends)
    {
        Map<String, RuntimeBackend> active = new LinkedHashMap<>();
        Map<String, Set<OsFamily>> served = new LinkedHashMap<>();
        for (RuntimeBackend backend : backends) {
            active.put(backend.name(), backend);
            served.put(backend.name(), backend.servedOs());
        }
        composite = new CompositeRuntime(active, new BackendSelector(HostPlatform.windows("amd64", "10.0.20348"), served, served), ownership);
        return composite;
    }

    private static ServiceSpec spec(String image)
    {
        return ServiceSpec.of("svc", image, List.of("sleep", "60"));
    }

    @Test
    void pullFansOutAndSkipsWrongPlatform()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        assertThat(runtime.pull(spec("app:linux"))).isEqualTo(LINUX_IMAGE);
        assertThat(hcs.calls()).contains("pull:app:linux");
        assertThat(wsl2.calls()).contains("pull:app:linux");
        assertThat(runtime.pull(spec("app:windows"))).isEqualTo(WINDOWS_IMAGE);
    }

    @Test
    void aFannedOutPullTellsTheCallersImageObserverFromThePullThreads()
    {
        RuntimeBackend reporting = (RuntimeBackend) Proxy.newProxyInstance(RuntimeBackend.class.getClassLoader(), new Class<?>[] {RuntimeBackend.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("pull")) {
                        ImageActivity.current().pulled(4096, false);
                    }
                    try {
                        return method.invoke(wsl2, arguments);
                    }
                    catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CompositeRuntime runtime = windowsNode(hcs, reporting);
        AtomicLong heard = new AtomicLong(-1);
        ImageActivity.Observer observer = new ImageActivity.Observer()
        {
            @Override
            public void pulled(long bytesDownloaded, boolean cached)
            {
                heard.set(bytesDownloaded);
            }

            @Override
            public void unpacked(Duration took) {}
        };
        try (ImageActivity.Scope ignored = ImageActivity.observe(observer)) {
            assertThat(runtime.pull(spec("app:linux"))).isEqualTo(LINUX_IMAGE);
        }
        assertThat(heard).hasValue(4096);
    }

    @Test
    void pullRefusedByEveryBackendNamesEach()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        assertThatThrownBy(() -> runtime.pull(spec("app:bsd")))
                .isInstanceOf(WrongPlatform.class)
                .satisfies(error -> {
                    WrongPlatform wrong = (WrongPlatform) error;
                    assertThat(wrong.runtime()).isEqualTo("hcs,wsl2");
                    assertThat(wrong.actual()).isEqualTo("freebsd");
                    assertThat(wrong.expected()).isEqualTo("windows|linux");
                });
        assertThatThrownBy(() -> runtime.pull(spec("app:missing")))
                .isInstanceOf(PullFailed.class)
                .hasMessageContaining("hcs: Failed to pull image 'app:missing'")
                .hasMessageContaining("wsl2: Failed to pull image 'app:missing'");
    }

    @Test
    void whenEveryBackendRefusesAndOneForTheArchitectureThatOneSaysWhy()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        hcs.failNext("pull", new WrongPlatform("hcs", "windows", "linux", "app:arm"));
        wsl2.failNext("pull", new WrongPlatform("pull", WrongPlatform.ARCH, "amd64", "arm64", "app:arm", "linux", ""));

        assertThatThrownBy(() -> runtime.pull(spec("app:arm"))).isInstanceOfSatisfying(WrongPlatform.class, wrong -> {
            assertThat(wrong.dimension()).isEqualTo(WrongPlatform.ARCH);
            assertThat(wrong.actual()).isEqualTo("arm64");
        });
    }

    @Test
    void pullWithDecidedOsUsesOneBackendAndSignalsWithoutWrapping()
    {
        CompositeRuntime runtime = windowsNode(hcs);
        ServiceSpec linux = SpecParser.parseService("name: svc\nimage: app:linux\nplatform: {os: linux}\n");
        assertThatThrownBy(() -> runtime.pull(linux)).isInstanceOf(RouteToPeer.class);
        assertThat(hcs.calls()).isEmpty();
        ServiceSpec windows = SpecParser.parseService("name: svc\nimage: app:linux\nplatform: {os: windows}\n");
        assertThatThrownBy(() -> runtime.pull(windows)).isInstanceOf(WrongPlatform.class);
        assertThat(runtime.pull(spec("app:windows"))).isEqualTo(WINDOWS_IMAGE);
    }

    @Test
    void theOnlyBackendPullsForItsOsOnANodeOfAnotherAndTheImageDecides()
    {
        // a Windows node whose only backend is the WSL2 delegate: the host's OS must not turn Linux images away
        CompositeRuntime runtime = windowsNode(wsl2);

        assertThat(runtime.pull(spec("app:linux"))).isEqualTo(LINUX_IMAGE);
        assertThatThrownBy(() -> runtime.pull(spec("app:windows")))
                .isInstanceOfSatisfying(WrongPlatform.class, wrong -> {
                    assertThat(wrong.runtime()).isEqualTo("wsl2");
                    assertThat(wrong.actual()).isEqualTo("windows");
                });
        runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of()));
        assertThat(ownership.owner("c1")).contains("wsl2");
    }

    @Test
    void createRoutesByImageAndRecordsOwner()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of()));
        runtime.create(new ContainerRequest("c2", spec("app:windows"), WINDOWS_IMAGE, Map.of()));
        assertThat(ownership.all()).isEqualTo(Map.of("c1", "wsl2", "c2", "hcs"));
        runtime.start("c1");
        assertThat(runtime.state("c1").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(wsl2.calls()).contains("start:c1");
        assertThat(hcs.calls()).doesNotContain("start:c1");
        assertThat(runtime.ownerName("c2")).contains("hcs");
        assertThat(runtime.list()).hasSize(2);
        assertThat(runtime.exec("c1", ExecRequest.of(Duration.ofSeconds(1), "sh", "-c", "echo hi")).stdout()).isEqualTo("hi\n");
        runtime.stop("c1", Duration.ofSeconds(1));
        assertThat(runtime.wait("c1", Duration.ofSeconds(1)).code()).isEqualTo(143);
        runtime.remove("c1", false);
        assertThat(ownership.owner("c1")).isEmpty();
        assertThatThrownBy(() -> runtime.state("c1")).isInstanceOf(NotFound.class).hasMessageContaining("no backend on this node owns it");
    }

    @Test
    void failedCreateRollsTheOwnershipBack()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        wsl2.failNext("create", new CreateFailed("c1", "runtime exploded"));
        assertThatThrownBy(() -> runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of())))
                .isInstanceOf(CreateFailed.class).hasMessageContaining("runtime exploded");
        assertThat(ownership.owner("c1")).isEmpty();
    }

    @Test
    void createOfAnExistingIdIsRefusedWithoutTouchingTheOwner()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of()));
        assertThatThrownBy(() -> runtime.create(new ContainerRequest("c1", spec("app:windows"), WINDOWS_IMAGE, Map.of())))
                .isInstanceOf(CreateFailed.class).hasMessageContaining("already exists on backend wsl2");
        assertThat(ownership.owner("c1")).contains("wsl2");
    }

    @Test
    void staleOwnershipFromAnInterruptedRemovalDoesNotBlockTheId()
    {
        // a crash between the backend's removal and forgetting the owner leaves a record the backend does not know
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of()));
        wsl2.remove("c1", true);
        assertThatThrownBy(() -> runtime.remove("c1", true)).isInstanceOf(NotFound.class);
        assertThat(ownership.owner("c1")).as("forgotten once the backend says it is gone").isEmpty();

        ownership.record("c2", "wsl2");
        runtime.create(new ContainerRequest("c2", spec("app:linux"), LINUX_IMAGE, Map.of()));
        assertThat(ownership.owner("c2")).contains("wsl2");
        assertThat(wsl2.calls()).contains("create:c2");
    }

    @Test
    void createThatCannotBeHostedIsASignalNotAFailure()
    {
        CompositeRuntime runtime = windowsNode(hcs);
        assertThatThrownBy(() -> runtime.create(new ContainerRequest("c1", spec("app:linux"), LINUX_IMAGE, Map.of())))
                .isInstanceOf(RouteToPeer.class)
                .isNotInstanceOf(CreateFailed.class)
                .satisfies(error -> assertThat(((AgentError) error).isPlacementSignal()).isTrue());
        assertThat(ownership.all()).isEmpty();
        assertThat(hcs.calls()).isEmpty();
    }

    @Test
    void ownerWhoseBackendIsGoneIsNotFound()
    {
        CompositeRuntime runtime = windowsNode(hcs);
        ownership.record("ghost", "wsl2");
        assertThatThrownBy(() -> runtime.kill("ghost", 9)).isInstanceOf(NotFound.class).hasMessageContaining("its backend 'wsl2' is not active");
        assertThatThrownBy(() -> runtime.logs("nothing", LogOptions.ALL)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> runtime.stats("nothing")).isInstanceOf(NotFound.class);
        assertThat(runtime.backends()).containsOnlyKeys("hcs");
    }

    @Test
    void placeDelegatesToTheSelector()
    {
        CompositeRuntime runtime = windowsNode(hcs, wsl2);
        assertThat(runtime.place(spec("x"), java.util.Optional.of(LINUX_IMAGE.platform()))).isEqualTo(new Placement.Here("wsl2", OsFamily.LINUX, "image os"));
    }
}
