package dev.berth.core.platform;

import dev.berth.core.spec.OsFamily;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostPlatformDetectorTest
{
    private record TestingHostProbe(String osName, String osArch, String osVersion, Map<String, String> files, Set<String> paths, Map<String, String> environment)
            implements HostProbe
    {
        @Override
        public Optional<String> readFile(String path)
        {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public boolean exists(String path)
        {
            return paths.contains(path) || files.containsKey(path);
        }

        @Override
        public Optional<String> env(String name)
        {
            return Optional.ofNullable(environment.get(name));
        }
    }

    @Test
    void plainLinux()
    {
        HostPlatform host = new HostPlatformDetector(new TestingHostProbe("Linux", "amd64", "6.1.0",
                Map.of("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n"), Set.of(), Map.of())).detect();
        assertThat(host).isEqualTo(new HostPlatform(OsFamily.LINUX, "amd64", "6.1.0-18-amd64", Optional.empty(), false));
    }

    @Test
    void wsl2NeedsTwoSignals()
    {
        String wslKernel = "5.15.133.1-microsoft-standard-WSL2";
        HostPlatform kernelOnly = new HostPlatformDetector(new TestingHostProbe("Linux", "aarch64", "",
                Map.of("/proc/sys/kernel/osrelease", wslKernel), Set.of(), Map.of())).detect();
        assertThat(kernelOnly.wsl2()).isFalse();
        assertThat(kernelOnly.arch()).isEqualTo("arm64");
        HostPlatform kernelAndInterop = new HostPlatformDetector(new TestingHostProbe("Linux", "amd64", "",
                Map.of("/proc/sys/kernel/osrelease", wslKernel), Set.of(), Map.of("WSL_INTEROP", "/run/WSL/1_interop"))).detect();
        assertThat(kernelAndInterop.wsl2()).isTrue();
        HostPlatform customKernel = new HostPlatformDetector(new TestingHostProbe("Linux", "amd64", "",
                Map.of("/proc/sys/kernel/osrelease", "6.6.0-custom"), Set.of("/run/WSL", "/proc/sys/fs/binfmt_misc/WSLInterop"), Map.of())).detect();
        assertThat(customKernel.wsl2()).isTrue();
    }

    @Test
    void windowsBuild()
    {
        HostPlatform host = new HostPlatformDetector(new TestingHostProbe("Windows Server 2022", "amd64", "10.0.20348", Map.of(), Set.of(), Map.of())).detect();
        assertThat(host.os()).isEqualTo(OsFamily.WINDOWS);
        assertThat(host.windowsBuild()).contains("10.0.20348");
        assertThat(host.buildNumber()).contains("20348");
        assertThat(HostPlatform.buildOf("20348")).isEqualTo("20348");
        assertThat(host.hyperV()).as("no Hyper-V management service").isFalse();
    }

    @Test
    void hyperVIsTheRolesManagementServiceBeingThere()
    {
        HostPlatform host = new HostPlatformDetector(new TestingHostProbe("Windows Server 2022", "amd64", "10.0.20348", Map.of(),
                Set.of("D:\\Win\\System32\\vmms.exe"), Map.of("SystemRoot", "D:\\Win"))).detect();
        assertThat(host.hyperV()).isTrue();
    }

    @Test
    void kernelFallsBackToOsVersion()
    {
        HostPlatform host = new HostPlatformDetector(new TestingHostProbe("Linux", "x86_64", "6.1.0", Map.of(), Set.of(), Map.of())).detect();
        assertThat(host.kernel()).isEqualTo("6.1.0");
        assertThat(host.arch()).isEqualTo("amd64");
    }

    @Test
    void archNames()
    {
        assertThat(HostPlatformDetector.ociArch("i686")).isEqualTo("386");
        assertThat(HostPlatformDetector.ociArch("arm")).isEqualTo("arm");
        assertThat(HostPlatformDetector.ociArch("ppc64le")).isEqualTo("ppc64le");
        assertThat(HostPlatformDetector.ociArch("s390x")).isEqualTo("s390x");
        assertThat(HostPlatformDetector.ociArch("riscv64")).isEqualTo("riscv64");
        assertThat(HostPlatformDetector.ociArch("MIPS")).isEqualTo("mips");
    }

    @Test
    void systemProbeReadsTheRealHost()
    {
        SystemHostProbe probe = new SystemHostProbe();
        assertThat(probe.osName()).isNotEmpty();
        assertThat(probe.exists("/")).isTrue();
        assertThat(probe.readFile("/definitely/not/here")).isEmpty();
        assertThat(probe.env("PATH")).isPresent();
        assertThat(new HostPlatformDetector(probe).detect().arch()).isEqualTo(HostPlatformDetector.ociArch(System.getProperty("os.arch")));
    }
}
