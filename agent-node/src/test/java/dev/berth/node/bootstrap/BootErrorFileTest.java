package dev.berth.node.bootstrap;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.Errno;
import dev.berth.core.error.PullFailed;
import dev.berth.lifecycle.BootError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BootErrorFileTest
{
    @TempDir
    Path dataDir;

    @Test
    void writeReadClear()
            throws Exception
    {
        BootErrorFile file = new BootErrorFile(dataDir);
        BootError error = BootErrorFile.of(new PullFailed("busybox", "registry down", new NoSuchFileException("/x"), null));
        file.write(error);
        String json = Files.readString(file.file());
        assertThat(json).contains("\"stage\":\"image\"").contains("\"errno\":" + Errno.ENOENT).containsPattern("\"t\":\"[0-9T:.-]+\\.[0-9]{3}Z\"");
        BootError read = file.read().orElseThrow();
        assertThat(read.stage()).isEqualTo("image");
        assertThat(read.errno()).hasValue(Errno.ENOENT);
        assertThat(read.message()).contains("registry down");
        file.clear();
        assertThat(file.read()).isEmpty();
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void stageComesFromTheErrorType()
    {
        assertThat(BootErrorFile.of(new Configuration("bad key")).stage()).isEqualTo("config");
        assertThat(BootErrorFile.of(new Configuration("bad key")).errno()).isEmpty();
    }
}
