package dev.berth.wsl2.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.PullFailed;
import dev.berth.wsl2.transport.LocalDistroTransport;
import dev.berth.wsl2.testing.RecordingTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

class LayerStagerTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private final RecordingTransport transport = new RecordingTransport(new LocalDistroTransport(Path.of("/")));

    private LayerStager stager(Path state)
    {
        return new LayerStager(transport, new DistroLayout(state.toString()), TIMEOUT, TIMEOUT);
    }

    @Test
    void unpacksOnceKeepingModesAndSymlinks() throws Exception
    {
        Path layer = temp.resolve("store/sha256-abc");
        Files.createDirectories(layer.resolve("bin"));
        Files.writeString(layer.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(layer.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(layer.resolve("bin/sh"), Path.of("tool"));
        Files.createSymbolicLink(layer.resolve("abs"), Path.of("/bin/tool"));
        Files.createDirectories(layer.resolve("empty/dir"));

        Path state = temp.resolve("distro-state");
        List<String> staged = stager(state).stage("img", List.of(layer));
        assertThat(staged).hasSize(1);
        assertThat(staged.get(0)).startsWith(state + "/layers/sha256-abc-");
        Path unpacked = Path.of(staged.get(0));
        assertThat(Files.readString(unpacked.resolve("bin/tool"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("bin/tool")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(unpacked.resolve("bin/sh"))).isEqualTo(Path.of("tool"));
        assertThat(Files.readSymbolicLink(unpacked.resolve("abs"))).isEqualTo(Path.of("/bin/tool"));
        assertThat(unpacked.resolve("empty/dir")).isDirectory();
        assertThat(Path.of(staged.get(0) + ".done")).exists();
        assertThat(transport.commandsWith("tar -x")).hasSize(1);

        assertThat(stager(state).stage("img", List.of(layer))).isEqualTo(staged);
        assertThat(transport.commandsWith("tar -x")).hasSize(1);
    }

    @Test
    void aLayerThatCannotBeUnpackedIsPullFailedWithTarsWords() throws Exception
    {
        Path layer = temp.resolve("store/layer");
        Files.createDirectories(layer);
        Files.writeString(layer.resolve("file"), "x");
        Path state = temp.resolve("readonly-state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("layers"), "a file where the layers directory should be");
        assertThatThrownBy(() -> stager(state).stage("img", List.of(layer)))
                .isInstanceOf(PullFailed.class)
                .hasMessageContaining("cannot unpack layer " + layer)
                .hasMessageContaining("Not a directory");
    }
}
