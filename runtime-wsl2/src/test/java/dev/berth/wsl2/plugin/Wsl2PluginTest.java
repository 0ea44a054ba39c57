package dev.berth.wsl2.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.config.ConfigKey;
import dev.berth.core.config.ConfigMap;
import dev.berth.core.platform.HostPlatform;
import dev.berth.core.plugin.BackendDiscovery;
import dev.berth.core.plugin.BackendPlugin;
import dev.berth.core.spec.OsFamily;
import dev.berth.core.testing.Requirements;
import dev.berth.wsl2.config.Wsl2Config;
import dev.berth.wsl2.testing.FakeWslExe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class Wsl2PluginTest
{
    private static final HostPlatform WINDOWS = HostPlatform.windows("amd64", "10.0.20348");
    private static final HostPlatform LINUX = HostPlatform.linux("amd64");

    @TempDir
    Path temp;

    private final Wsl2Plugin plugin = new Wsl2Plugin();

    private Path fakeWslExe(String distro)
    {
        return FakeWslExe.write(temp.resolve("wsl.exe"), distro);
    }

    private ConfigMap config(Map<String, String> values)
    {
        return new ConfigMap(values);
    }

    @Test
    void foundByServiceLoaderAsWsl2ServingLinux()
    {
        BackendPlugin found = BackendDiscovery.load(getClass().getClassLoader()).stream()
                .filter(candidate -> candidate.name().equals("wsl2")).findFirst().orElseThrow();
        assertThat(found).isInstanceOf(Wsl2Plugin.class);
        assertThat(found.servedOs()).containsExactly(OsFamily.LINUX);
        assertThat(found.configKeys()).extracting(ConfigKey::name).contains("runtime.wsl2.distro", "runtime.wsl2.transport", "gpu.cdi-directories");
    }

    @Test
    void notUsableOffWindows()
    {
        assertThat(plugin.unusableReason(LINUX, config(Map.of(Wsl2Config.DISTRO.name(), "Ubuntu")))).hasValueSatisfying(reason ->
                assertThat(reason).contains("not a Windows host"));
    }

    @Test
    void notUsableWithoutADistro()
    {
        assertThat(plugin.unusableReason(WINDOWS, ConfigMap.empty())).hasValueSatisfying(reason ->
                assertThat(reason).contains("runtime.wsl2.distro is not set"));
    }

    @Test
    void notUsableWhenWslExeCannotRun()
    {
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.DISTRO.name(), "Ubuntu", Wsl2Config.WSL_EXE.name(), "/nonexistent/wsl.exe"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("cannot run /nonexistent/wsl.exe"));
    }

    @Test
    void notUsableWhenTheDistroDoesNotAnswer()
    {
        Path wsl = fakeWslExe("Ubuntu");
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.DISTRO.name(), "Debian", Wsl2Config.WSL_EXE.name(), wsl.toString()))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("WSL2 distro 'Debian' is not reachable")
                        .contains("There is no distribution with the supplied name."));
    }

    @Test
    void theRuntimeIsLookedForInsideTheDistro()
    {
        Path wsl = fakeWslExe("Ubuntu");
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.DISTRO.name(), "Ubuntu", Wsl2Config.WSL_EXE.name(), wsl.toString(),
                Wsl2Config.BINARY.name(), "/nonexistent/youki"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("/nonexistent/youki is not executable inside WSL2 distro 'Ubuntu'"));
    }

    @Test
    void usableWhenTheDistroHasRuntimeAndConmon()
    {
        Requirements.requireExecutable("runc");
        Requirements.requireExecutable("conmon");
        Path wsl = fakeWslExe("Ubuntu");
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.DISTRO.name(), "Ubuntu", Wsl2Config.WSL_EXE.name(), wsl.toString(),
                Wsl2Config.BINARY.name(), "/usr/sbin/runc", Wsl2Config.FLAVOR.name(), "runc")))).isEmpty();
    }

    @Test
    void badConfigIsTheReason()
    {
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.DISTRO.name(), "Ubuntu", Wsl2Config.STATE_DIR.name(), "relative/dir"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("runtime.wsl2.state-dir").contains("absolute"));
        assertThat(plugin.unusableReason(WINDOWS, config(Map.of(Wsl2Config.TRANSPORT.name(), "ssh"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("runtime.wsl2.transport").contains("wsl or local"));
    }
}
