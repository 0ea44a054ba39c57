package dev.berth.wsl2.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.wsl2.testing.FakeWslExe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

class WslExeKeepaliveTest
{
    @TempDir
    Path temp;

    @Test
    void keepaliveHoldsOneIdleSessionInTheDistroUntilClosed() throws Exception
    {
        Path wsl = FakeWslExe.write(temp.resolve("wsl.exe"), "Ubuntu");
        ProcessHandle session;
        try (WslExeTransport transport = new WslExeTransport(wsl.toString(), "Ubuntu")) {
            transport.startKeepalive();
            session = transport.keepalive().orElseThrow();
            transport.startKeepalive();
            assertThat(transport.keepalive()).contains(session);
            Thread.sleep(300);
            assertThat(session.isAlive()).isTrue();
            assertThat(session.info().commandLine().orElse("")).contains("sleep").contains("infinity");
        }
        session.onExit().get(10, TimeUnit.SECONDS);
        assertThat(session.isAlive()).isFalse();
    }
}
