package dev.berth.hcs.document;

import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.spec.ServiceSpec;
import dev.berth.image.oci.ImageConfigDocument;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image built from a shell-form CMD on Windows carries {@code "ArgsEscaped": true} and its whole command line as the
 * first Cmd element; it must reach HCS as it is, not quoted again (containerd's WithImageConfigArgs, hcsshim's
 * Test_ArgsEscaped_Exec).
 */
class ArgsEscapedTest
{
    private static final String SHELL_FORM = "cmd /S /C \"echo \\\"hello world\\\" > C:\\out.txt\"";

    @Test
    void theImagesCommandLineIsPassedAsItIs()
    {
        ImageConfig image = image(true, List.of(), List.of(SHELL_FORM));
        assertThat(image.argsEscaped()).isTrue();
        assertThat(ContainerDocuments.initProcess(ServiceSpec.of("web", "nanoserver", List.of()), image).commandLine()).isEqualTo(SHELL_FORM);
    }

    @Test
    void argumentsAfterAnEscapedEntrypointAreEscapedAfterIt()
    {
        ImageConfig image = image(true, List.of("C:\\app\\run.exe --mode \"a b\""), List.of());
        assertThat(ContainerDocuments.initProcess(ServiceSpec.of("web", "nanoserver", List.of("x y")), image).commandLine())
                .isEqualTo("C:\\app\\run.exe --mode \"a b\" \"x y\"");
    }

    @Test
    void argsThatReplaceAnEscapedCmdAreOrdinaryArguments()
    {
        ImageConfig image = image(true, List.of(), List.of(SHELL_FORM));
        assertThat(ContainerDocuments.initProcess(ServiceSpec.of("web", "nanoserver", List.of("ping", "-n", "1", "a b")), image).commandLine())
                .isEqualTo("ping -n 1 \"a b\"");
    }

    @Test
    void withoutArgsEscapedTheCmdIsQuoted()
    {
        ImageConfig image = image(false, List.of(), List.of(SHELL_FORM));
        assertThat(image.argsEscaped()).isFalse();
        assertThat(ContainerDocuments.initProcess(ServiceSpec.of("web", "nanoserver", List.of()), image).commandLine())
                .isEqualTo(WindowsCommandLine.join(List.of(SHELL_FORM))).isNotEqualTo(SHELL_FORM);
    }

    /** Through the image config parser, so the field is read where berth reads it. */
    private static ImageConfig image(boolean argsEscaped, List<String> entrypoint, List<String> cmd)
    {
        String json = "{\"os\":\"windows\",\"architecture\":\"amd64\",\"config\":{" + (argsEscaped ? "\"ArgsEscaped\":true," : "")
                + "\"Entrypoint\":" + array(entrypoint) + ",\"Cmd\":" + array(cmd) + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        return ImageConfigDocument.parse(json.getBytes(StandardCharsets.UTF_8)).processDefaults();
    }

    private static String array(List<String> values)
    {
        return "[" + String.join(",", values.stream().map(value -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "]";
    }
}
