package dev.berth.wsl2.transport;

import static java.util.Objects.requireNonNull;

import dev.berth.gpu.host.HostView;
import dev.berth.gpu.host.ShellHostView;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.InputWriter;
import dev.berth.oci.process.ProcessCall;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every command inside a WSL2 distro as root: {@code wsl.exe -d DISTRO -u root [--cd DIR] --exec [env K=V...] argv}.
 * {@code --exec} runs argv directly; {@code --} would hand the rest of the line to the distro's login shell, which
 * would expand the {@code $1} of the delegate's {@code sh -c} scripts before {@code sh} saw them. On Windows each
 * argument is quoted for {@code CommandLineToArgvW} first. {@code WSL_UTF8=1} asks wsl.exe to print its own
 * messages in UTF-8 rather than UTF-16.
 *
 * <p>WSL stops a distro a few seconds after its last {@code wsl.exe} session ends, killing background processes
 * such as conmon and the containers it holds; {@link #startKeepalive()} holds one idle session open for as long
 * as the agent runs.
 */
public final class WslExeTransport
        implements DistroTransport, AutoCloseable
{
    private static final Logger log = LogManager.getLogger(WslExeTransport.class);

    private final String wslExe;
    private final String distro;
    private final boolean windowsQuoting;
    private Process keepalive;

    /** For the running OS: quotes arguments when it is Windows. */
    public WslExeTransport(String wslExe, String distro)
    {
        this(wslExe, distro, System.getProperty("os.name", "").startsWith("Windows"));
    }

    /** @param windowsQuoting quote each argument for CommandLineToArgvW (on Windows, where Java does not) */
    public WslExeTransport(String wslExe, String distro, boolean windowsQuoting)
    {
        this.windowsQuoting = windowsQuoting;
        this.wslExe = requireNonNull(wslExe, "wslExe is null");
        this.distro = requireNonNull(distro, "distro is null");
        if (distro.isBlank()) {
            throw new IllegalArgumentException("distro is blank");
        }
    }

    /** The wsl.exe argv that runs {@code command} inside the distro. */
    public List<String> argv(Command command)
    {
        List<String> argv = new ArrayList<>(List.of(wslExe, "-d", distro, "-u", "root"));
        command.workingDirectory().ifPresent(directory -> argv.addAll(List.of("--cd", directory)));
        argv.add("--exec");
        if (!command.env().isEmpty()) {
            argv.add("env");
            command.env().forEach((name, value) -> argv.add(name + "=" + value));
        }
        argv.addAll(command.argv());
        return windowsQuoting ? argv.stream().map(WindowsArguments::quote).toList() : argv;
    }

    @Override
    public CommandResult run(Command command)
    {
        return run(command, InputWriter.of(command));
    }

    @Override
    public CommandResult run(Command command, InputWriter input)
    {
        return ProcessCall.run(command, argv(command), Map.of("WSL_UTF8", "1"), null, input);
    }

    @Override
    public HostView hostView(Duration probeTimeout)
    {
        return new ShellHostView(new TransportCommandRunner(this), probeTimeout, "WSL2 distro '" + distro + "'");
    }

    @Override
    public String describe()
    {
        return "wsl:" + distro;
    }

    /** Starts the idle session that keeps the distro (and the containers in it) running; idempotent. */
    public synchronized void startKeepalive()
    {
        if (keepalive != null && keepalive.isAlive()) {
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(wslExe, "-d", distro, "-u", "root", "--exec", "sleep", "infinity");
            builder.environment().put("WSL_UTF8", "1");
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            keepalive = builder.start();
        }
        catch (IOException e) {
            log.warn("cannot start the keepalive session for WSL2 distro '{}': {}", distro, e.getMessage());
        }
    }

    /** The keepalive session's process, if started. */
    synchronized java.util.Optional<ProcessHandle> keepalive()
    {
        return keepalive == null ? java.util.Optional.empty() : java.util.Optional.of(keepalive.toHandle());
    }

    @Override
    public synchronized void close()
    {
        if (keepalive != null) {
            keepalive.destroy();
        }
    }
}
