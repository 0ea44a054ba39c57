package dev.berth.hcs;

import dev.berth.core.runtime.PulledImage;
import dev.berth.core.runtime.RuntimeBackend;
import dev.berth.core.runtime.RuntimeBackendContractTest;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * agent-core's contract with Windows commands and images, for the HCS backend over either stand-in. {@link #reopen}
 * builds a second backend over the same HCS and layer root, as the next agent run would; its handles are closed
 * after each test (before the contract removes what it made).
 */
abstract class WindowsBackendContractTest
        extends RuntimeBackendContractTest
{
    private final List<HcsRuntime> reopened = new ArrayList<>();

    /** A new backend instance over the same HCS, layer root and image service. */
    protected abstract HcsRuntime newInstance();

    /** A base layer's extracted files, which ProcessBaseImage expects at pull. */
    static void createBaseLayerFiles(Path base)
    {
        try {
            Files.createDirectories(base.resolve("Files"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeReopened()
    {
        reopened.forEach(HcsRuntime::closeHandles);
        reopened.clear();
    }

    @Override
    protected Optional<RuntimeBackend> reopen()
    {
        HcsRuntime next = newInstance();
        reopened.add(next);
        return Optional.of(next);
    }

    @Override
    protected PulledImage image()
    {
        return WindowsContract.NANOSERVER;
    }

    @Override
    protected List<String> longRunning()
    {
        return WindowsContract.LONG_RUNNING;
    }

    @Override
    protected List<String> exitWith(int code)
    {
        return WindowsContract.exitWith(code);
    }

    @Override
    protected List<String> print(String text)
    {
        return WindowsContract.print(text);
    }

    @Override
    protected Optional<String> otherOsImage()
    {
        return Optional.of(WindowsContract.LINUX.reference());
    }

    @Override
    protected Optional<List<String>> missingExecutable()
    {
        return Optional.of(WindowsContract.MISSING_EXECUTABLE);
    }

    @Override
    protected String otherUser()
    {
        return WindowsContract.OTHER_USER;
    }

    @Override
    protected Optional<List<String>> printEnvironmentAndUser(String variable)
    {
        return Optional.of(WindowsContract.printEnvironmentAndUser(variable));
    }

    @Override
    protected Optional<List<String>> printWithPause(String first, String second)
    {
        return Optional.of(WindowsContract.printWithPause(first, second));
    }

    /**
     * None, so {@code stopSendsTheImagesStopSignalThenKillsAfterTheGrace} is skipped: Windows has no SIGUSR1 or any
     * signal a process can trap and carry on. A Windows process gets console control events only (CTRL_C,
     * CTRL_BREAK, CTRL_CLOSE, CTRL_LOGOFF, CTRL_SHUTDOWN); hcsshim's {@code internal/signals} ValidateWCOW maps SIGTERM
     * to CtrlShutdown and SIGKILL to terminate and refuses every other signal, and moby's
     * {@code pkg/signal/signal_windows.go} knows only KILL and TERM. This backend's stop (HcsShutDownComputeSystem
     * bounded by the grace, then HcsTerminateComputeSystem, 137) is held to that in
     * {@code HcsRuntimeStubTest.stopThatOutlivesItsGraceIsCancelledThenTerminatedAndReports137}.
     */
    @Override
    protected Optional<PulledImage> usr1StopSignalImage()
    {
        return Optional.empty();
    }
}
