package dev.berth.hcs;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.platform.HostPlatformDetector;
import dev.berth.core.platform.SystemHostProbe;
import dev.berth.core.runtime.ContainerRequest;
import dev.berth.core.runtime.ContainerState;
import dev.berth.core.runtime.ExecRequest;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.PlatformSpec;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.hcs.layer.LayerManager;
import dev.berth.image.DefaultImageService;
import dev.berth.image.ImageStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real nanoserver container through the real computecore.dll. Only runs on Windows with the Containers feature
 * enabled, as an administrator, with access to mcr.microsoft.com. NEVER RUN by berth's own builds, which are Linux:
 * this is for whoever has Windows. Run: {@code mvn -pl runtime-hcs test -Dtest=NanoserverWindowsTest}.
 */
@EnabledOnOs(OS.WINDOWS)
class NanoserverWindowsTest
{
    @TempDir
    Path root;

    @Test
    void runsEchoAndExecInNanoserver()
    {
        HostPlatform host = new HostPlatformDetector(new SystemHostProbe()).detect();
        HcsConfig config = new HcsConfig(Optional.empty(), Duration.ofMinutes(4), root.resolve("hcs").toString(),
                dev.berth.core.spec.Isolation.AUTO, "berth-test", 1L << 30, 2, Duration.ofMillis(200));
        HcsLibraries libraries = HcsLibraries.load(Optional.empty());
        DefaultImageService images = new DefaultImageService(ImageStoreConfig.atRoot(root.resolve("images")), host);
        HcsRuntime runtime = new HcsRuntime(new HcsClient(libraries, config.operationTimeout()), new LayerManager(libraries.vmCompute()), images,
                host, config);

        PulledImage image = runtime.pull(nanoserverFor(host), PlatformSpec.ANY);
        assertThat(image.platform().os()).isEqualTo("windows");

        String echo = "berth-echo-" + System.nanoTime();
        runtime.create(new ContainerRequest(echo, ServiceSpec.of(echo, image.reference(), List.of("cmd", "/S", "/C", "echo hello-from-berth")),
                image, Map.of()));
        try {
            runtime.start(echo);
            assertThat(runtime.wait(echo, Duration.ofMinutes(2)).code()).isZero();
        }
        finally {
            runtime.remove(echo, true);
        }

        String server = "berth-ping-" + System.nanoTime();
        runtime.create(new ContainerRequest(server, ServiceSpec.of(server, image.reference(), List.of("ping", "-t", "localhost")), image, Map.of()));
        try {
            runtime.start(server);
            assertThat(runtime.state(server).state()).isEqualTo(ContainerState.RUNNING);
            ExecResult result = runtime.exec(server, new ExecRequest(List.of("cmd", "/S", "/C", "echo exec-out & exit /b 4"), Map.of(), "",
                    Duration.ofMinutes(1)));
            assertThat(result.exitCode()).isEqualTo(4);
            assertThat(result.stdout()).contains("exec-out");
            runtime.stop(server, Duration.ofSeconds(10));
            assertThat(runtime.state(server).state()).isEqualTo(ContainerState.EXITED);
        }
        finally {
            runtime.remove(server, true);
        }
    }

    /** The nanoserver tag matching the host's build, so auto isolation picks process isolation. */
    private static String nanoserverFor(HostPlatform host)
    {
        String build = host.buildNumber().orElse("20348");
        String tag = switch (build) {
            case "17763" -> "1809";
            case "26100" -> "ltsc2025";
            default -> "ltsc2022";
        };
        return "mcr.microsoft.com/windows/nanoserver:" + tag;
    }
}
