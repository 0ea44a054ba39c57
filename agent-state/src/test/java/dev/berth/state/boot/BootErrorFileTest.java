package dev.berth.state.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.error.CreateFailed;
import dev.berth.core.error.Errno;
import dev.berth.core.error.InitActionFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

class BootErrorFileTest
{
    @TempDir
    Path directory;

    @Test
    void writeReadClearCycle()
            throws Exception
    {
        CreateFailed error = new CreateFailed("web.1", "rootfs missing", new NoSuchFileException("/bundle/rootfs"));
        BootErrorEntry written = BootErrorFile.write(directory, error);

        String json = Files.readString(directory.resolve("boot-error.json"));
        assertThat(json).matches("\\{\"t\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"stage\":\"create\",\"errno\":2,"
                + "\"message\":\"Failed to create container 'web.1': rootfs missing\"}\\n");

        BootErrorEntry read = BootErrorFile.read(directory).orElseThrow();
        assertThat(read.stage()).isEqualTo("create");
        assertThat(read.errno()).isEqualTo(OptionalInt.of(Errno.ENOENT));
        assertThat(read.message()).isEqualTo(error.getMessage());
        assertThat(read.time().toEpochMilli()).isEqualTo(written.time().toEpochMilli());
        try (var listing = Files.list(directory)) {
            assertThat(listing).as("no temporary file left behind").containsExactly(directory.resolve("boot-error.json"));
        }

        assertThat(BootErrorFile.clear(directory)).isTrue();
        assertThat(BootErrorFile.read(directory)).isEmpty();
        assertThat(BootErrorFile.clear(directory)).isFalse();
    }

    @Test
    void errnoIsOmittedWhenTheErrorHasNone()
            throws Exception
    {
        BootErrorFile.write(directory, new InitActionFailed("web.1", "exit 1"));
        assertThat(Files.readString(BootErrorFile.in(directory))).doesNotContain("errno");
        assertThat(BootErrorFile.read(directory).orElseThrow().errno()).isEmpty();
    }

    @Test
    void unreadableFileIsReportedNotHidden()
            throws Exception
    {
        Files.writeString(BootErrorFile.in(directory), "{torn");
        assertThat(BootErrorFile.read(directory).orElseThrow().message()).contains("not a readable boot error");
    }
}
