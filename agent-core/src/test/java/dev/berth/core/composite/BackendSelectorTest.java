package dev.berth.core.composite;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.WrongPlatform;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The selection matrix: host OS x spec OS x configured backends x image OS -> backend or signal.
 */
class BackendSelectorTest
{
    private static final Map<String, Set<OsFamily>> KNOWN = Map.of(
            "youki", Set.of(OsFamily.LINUX),
            "hcs", Set.of(OsFamily.WINDOWS),
            "wsl2", Set.of(OsFamily.LINUX));

    private static BackendSelector selector(String host, String backends)
    {
        HostPlatform platform = host.equals("windows") ? HostPlatform.windows("amd64", "10.0.20348") : HostPlatform.linux("amd64");
        Map<String, Set<OsFamily>> active = new LinkedHashMap<>();
        if (!backends.equals("-")) {
            Arrays.stream(backends.split("\\+")).forEach(name -> active.put(name, KNOWN.get(name)));
        }
        return new BackendSelector(platform, active, KNOWN);
    }

    private static ServiceSpec spec(String specOs)
    {
        return SpecParser.parseService("name: svc\nimage: img\n" + (specOs.equals("-") ? "" : "platform: {os: " + specOs + "}\n"));
    }

    private static Optional<ImagePlatform> image(String imageOs)
    {
        return imageOs.equals("-") ? Optional.empty() : Optional.of(ImagePlatform.of(imageOs, "amd64"));
    }

    @ParameterizedTest(name = "host={0} spec={1} backends={2} image={3} -> {4}")
    @CsvSource({
            // host,  spec os, active backends, image os, expected
            "linux,   -,       youki,           -,        youki",
            "linux,   -,       youki,           linux,    youki",
            "linux,   linux,   youki,           linux,    youki",
            "linux,   -,       youki,           windows,  route-to-peer:windows",
            "linux,   windows, youki,           -,        route-to-peer:windows",
            "linux,   windows, youki,           windows,  route-to-peer:windows",
            "linux,   linux,   youki,           windows,  wrong-platform:youki:linux:windows",
            "windows, -,       hcs,             -,        hcs",
            "windows, -,       hcs,             windows,  hcs",
            "windows, windows, hcs+wsl2,        windows,  hcs",
            "windows, -,       hcs+wsl2,        linux,    wsl2",
            "windows, linux,   hcs+wsl2,        -,        wsl2",
            "windows, linux,   hcs+wsl2,        linux,    wsl2",
            "windows, linux,   hcs,             linux,    route-to-peer:linux",
            "windows, -,       hcs,             linux,    route-to-peer:linux",
            "windows, windows, hcs+wsl2,        linux,    wrong-platform:hcs:windows:linux",
            "windows, linux,   hcs+wsl2,        windows,  wrong-platform:wsl2:linux:windows",
            "windows, -,       wsl2,            -,        wsl2",
            "windows, -,       wsl2,            linux,    wsl2",
            "windows, -,       wsl2,            windows,  route-to-peer:windows",
            "windows, windows, wsl2,            -,        route-to-peer:windows",
            "linux,   -,       hcs,             -,        hcs",
    })
    void matrix(String host, String specOs, String backends, String imageOs, String expected)
    {
        Placement placement = selector(host, backends).select(spec(specOs), image(imageOs));
        assertThat(describe(placement)).isEqualTo(expected);
    }

    private static String describe(Placement placement)
    {
        if (placement instanceof Placement.Here here) {
            return here.backend();
        }
        Placement.Elsewhere elsewhere = (Placement.Elsewhere) placement;
        if (elsewhere.signal() instanceof RouteToPeer route) {
            return "route-to-peer:" + route.requiredOs();
        }
        WrongPlatform wrong = (WrongPlatform) elsewhere.signal();
        return "wrong-platform:" + wrong.runtime() + ":" + wrong.expected() + ":" + wrong.actual();
    }

    @Test
    void anImageOfAnotherArchitectureIsWrongPlatformNamingBothArchitectures()
    {
        Placement placement = selector("linux", "youki").select(spec("-"), Optional.of(ImagePlatform.of("linux", "arm64")));
        WrongPlatform wrong = (WrongPlatform) ((Placement.Elsewhere) placement).signal();
        assertThat(wrong.dimension()).isEqualTo(WrongPlatform.ARCH);
        assertThat(wrong.expected()).isEqualTo("amd64");
        assertThat(wrong.actual()).isEqualTo("arm64");
        assertThat(wrong.imageOs()).isEqualTo("linux");
        assertThat(wrong.getMessage()).startsWith("wrong-platform: image 'img' is built for architecture arm64 and this node is amd64");
        // x86_64 is amd64, and a variant is not a different architecture
        assertThat(selector("linux", "youki").select(spec("-"), Optional.of(ImagePlatform.of("linux", "x86_64")))).isInstanceOf(Placement.Here.class);
        // the spec's own arch is checked before anything is pulled
        ServiceSpec arm = SpecParser.parseService("name: svc\nimage: img\nplatform: {os: linux, arch: arm64/v8}\n");
        assertThat(((WrongPlatform) ((Placement.Elsewhere) selector("linux", "youki").select(arm, Optional.empty())).signal()).actual())
                .isEqualTo("arm64");
    }

    @Test
    void aWindowsBuildTheHostCannotRunIsWrongPlatformNamingBothBuilds()
    {
        HostPlatform noHyperV = HostPlatform.windows("amd64", "10.0.20348");
        Map<String, Set<OsFamily>> hcs = Map.of("hcs", Set.of(OsFamily.WINDOWS));
        ServiceSpec any = spec("-");
        Optional<ImagePlatform> newer = Optional.of(new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.26100.1742")));
        Optional<ImagePlatform> older = Optional.of(new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.5458")));
        Optional<ImagePlatform> same = Optional.of(new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.20348.2340")));

        WrongPlatform tooNew = (WrongPlatform) ((Placement.Elsewhere) new BackendSelector(noHyperV, hcs, KNOWN).select(any, newer)).signal();
        assertThat(tooNew.dimension()).isEqualTo(WrongPlatform.BUILD);
        assertThat(tooNew.getMessage()).isEqualTo("wrong-platform: image 'img' is Windows build 26100 and this node's build is 20348 (checked by hcs): "
                + "an image of a newer Windows build than the host's runs in neither process nor Hyper-V isolation");
        WrongPlatform olderWithoutHyperV = (WrongPlatform) ((Placement.Elsewhere) new BackendSelector(noHyperV, hcs, KNOWN).select(any, older)).signal();
        assertThat(olderWithoutHyperV.getMessage()).contains("build 17763").contains("20348").contains("this node has no Hyper-V");
        assertThat(new BackendSelector(noHyperV, hcs, KNOWN).select(any, same)).isInstanceOf(Placement.Here.class);

        BackendSelector withHyperV = new BackendSelector(noHyperV.withHyperV(true), hcs, KNOWN);
        assertThat(withHyperV.select(any, older)).isInstanceOf(Placement.Here.class);
        assertThat(withHyperV.select(any, newer)).isInstanceOf(Placement.Elsewhere.class);
        ServiceSpec process = SpecParser.parseService("name: svc\nimage: img\nisolation: process\n");
        assertThat(((WrongPlatform) ((Placement.Elsewhere) withHyperV.select(process, older)).signal()).detail()).contains("isolation: process");
    }

    @Test
    void windowsNodeWithoutDelegateNamesBothRemedies()
    {
        Placement placement = selector("windows", "hcs").select(spec("linux"), Optional.empty());
        RouteToPeer route = (RouteToPeer) ((Placement.Elsewhere) placement).signal();
        assertThat(route.service()).isEqualTo("svc");
        assertThat(route.reason())
                .contains("enable the WSL2 delegate on this node")
                .contains("add a linux peer to the cluster");
    }

    @Test
    void linuxNodeAsksForAWindowsPeer()
    {
        RouteToPeer route = (RouteToPeer) ((Placement.Elsewhere) selector("linux", "youki").select(spec("windows"), Optional.empty())).signal();
        assertThat(route.reason()).contains("platform.os").contains("add a windows peer");
    }

    @Test
    void explicitRuntimeComesFirst()
    {
        ServiceSpec hcs = SpecParser.parseService("name: svc\nimage: img\nruntime: wsl2\nplatform: {os: linux}\n");
        assertThat(selector("windows", "hcs+wsl2").select(hcs, Optional.empty())).isEqualTo(new Placement.Here("wsl2", OsFamily.LINUX, "explicit runtime"));
        ServiceSpec label = SpecParser.parseService("name: svc\nimage: img\nlabels: {berth.runtime: hcs}\n");
        Placement placement = selector("linux", "youki").select(label, Optional.empty());
        RouteToPeer route = (RouteToPeer) ((Placement.Elsewhere) placement).signal();
        assertThat(route.requiredOs()).isEqualTo("windows");
        assertThat(route.reason()).contains("runtime 'hcs' was asked for explicitly and is not active");
        ServiceSpec unknown = SpecParser.parseService("name: svc\nimage: img\nruntime: docker\n");
        assertThatThrownBy(() -> selector("linux", "youki").select(unknown, Optional.empty()))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("runtime: unknown backend 'docker'");
        Placement wrong = selector("linux", "youki").select(SpecParser.parseService("name: svc\nimage: img\nruntime: youki\n"), image("windows"));
        assertThat(((Placement.Elsewhere) wrong).signal()).isInstanceOf(WrongPlatform.class);
    }

    @Test
    void explicitIsolationImpliesWindows()
    {
        ServiceSpec hyperv = SpecParser.parseService("name: svc\nimage: img\nisolation: hyperv\n");
        assertThat(selector("windows", "hcs+wsl2").select(hyperv, Optional.empty()))
                .isEqualTo(new Placement.Here("hcs", OsFamily.WINDOWS, "isolation hyperv implies windows"));
        assertThat(((Placement.Elsewhere) selector("linux", "youki").select(hyperv, Optional.empty())).signal()).isInstanceOf(RouteToPeer.class);
    }

    @Test
    void hostDefaultAndImageRulesAreNamed()
    {
        assertThat(selector("linux", "youki").select(spec("-"), Optional.empty())).isEqualTo(new Placement.Here("youki", OsFamily.LINUX, "host default"));
        assertThat(selector("linux", "youki").select(spec("-"), image("linux"))).isEqualTo(new Placement.Here("youki", OsFamily.LINUX, "image os"));
        assertThat(selector("linux", "youki").select(spec("linux"), Optional.empty())).isEqualTo(new Placement.Here("youki", OsFamily.LINUX, "platform.os"));
        assertThat(selector("windows", "wsl2").select(spec("-"), Optional.empty()))
                .isEqualTo(new Placement.Here("wsl2", OsFamily.LINUX, "the only OS this node serves"));
    }

    @Test
    void noActiveBackendForTheOs()
    {
        RouteToPeer route = (RouteToPeer) ((Placement.Elsewhere) selector("linux", "-").select(spec("linux"), Optional.empty())).signal();
        assertThat(route.reason()).contains("no active backend on this node serves linux");
    }
}
