package dev.berth.hcs.document;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.Isolation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IsolationChooserTest
{
    private static final HostPlatform LTSC2022 = HostPlatform.windows("amd64", "10.0.20348");

    @Test
    void autoIsProcessOnTheSameBuildWhateverTheRevision()
    {
        assertThat(IsolationChooser.choose(Isolation.AUTO, image("10.0.20348.2227"), LTSC2022)).isEqualTo(IsolationMode.PROCESS);
    }

    @Test
    void autoIsHyperVOnAnotherBuildOrWithoutOsVersion()
    {
        assertThat(IsolationChooser.choose(Isolation.AUTO, image("10.0.17763.5329"), LTSC2022)).isEqualTo(IsolationMode.HYPERV);
        assertThat(IsolationChooser.choose(Isolation.AUTO, ImagePlatform.of("windows", "amd64"), LTSC2022)).isEqualTo(IsolationMode.HYPERV);
    }

    @Test
    void explicitIsolationStands()
    {
        assertThat(IsolationChooser.choose(Isolation.PROCESS, image("10.0.17763.1"), LTSC2022)).isEqualTo(IsolationMode.PROCESS);
        assertThat(IsolationChooser.choose(Isolation.HYPERV, image("10.0.20348.1"), LTSC2022)).isEqualTo(IsolationMode.HYPERV);
    }

    @Test
    void commandLinesSplitBackIntoTheSameArguments()
    {
        assertThat(WindowsCommandLine.join(List.of("cmd", "/S", "/C", "exit 3"))).isEqualTo("cmd /S /C \"exit 3\"");
        assertThat(WindowsCommandLine.join(List.of("a\\b", "say \"hi\"", "", "dir\\"))).isEqualTo("a\\b \"say \\\"hi\\\"\" \"\" dir\\");
        assertThat(WindowsCommandLine.join(List.of("C:\\Program Files\\"))).isEqualTo("\"C:\\Program Files\\\\\"");
    }

    private static ImagePlatform image(String version)
    {
        return new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of(version));
    }
}
