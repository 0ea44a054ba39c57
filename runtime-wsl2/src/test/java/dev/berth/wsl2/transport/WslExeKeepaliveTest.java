package dev.berth.wsl2.transport;

import static dev.berth.core.testing.Eventually.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.wsl2.testing.FakeWslExe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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
            holdsFor(Duration.ofMillis(300), session::isAlive, "the idle session stays up");
            assertThat(session.info().commandLine().orElse("")).contains("sleep").contains("infinity");
        }
        session.onExit().get(10, TimeUnit.SECONDS);
        assertThat(session.isAlive()).isFalse();
    }
}
