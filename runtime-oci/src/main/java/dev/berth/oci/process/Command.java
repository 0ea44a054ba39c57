package dev.berth.oci.process;

import static java.util.Objects.requireNonNull;

import dev.berth.core.runtime.OutputTail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One external command: its argv (argv[0] an absolute path or a name on the transport's PATH), extra environment,
 * optional working directory and stdin text, the time it may take, and how many bytes of each output stream the
 * transport keeps (the last ones; the rest is counted in {@link CommandResult}). Paths are strings because they name
 * files where the transport runs the command, which need not be this JVM's file system (the WSL2 delegate).
 */
public record Command(List<String> argv, Map<String, String> env, Optional<String> workingDirectory, Optional<String> stdin, Duration timeout,
        int stdoutLimit, int stderrLimit)
{
    /** What a runtime call keeps of its stdout: a state document or a file read fits many times over. */
    public static final int STDOUT_LIMIT = OutputTail.EXEC_LIMIT;
    /** What a runtime call keeps of its stderr: evidence for an error message, of which only the end is shown. */
    public static final int STDERR_LIMIT = 64 << 10;

    public Command
    {
        argv = List.copyOf(requireNonNull(argv, "argv is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(workingDirectory, "workingDirectory is null");
        requireNonNull(stdin, "stdin is null");
        requireNonNull(timeout, "timeout is null");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        if (stdoutLimit <= 0 || stderrLimit <= 0) {
            throw new IllegalArgumentException("output limits must be positive: " + stdoutLimit + ", " + stderrLimit);
        }
    }

    public Command(List<String> argv, Map<String, String> env, Optional<String> workingDirectory, Optional<String> stdin, Duration timeout)
    {
        this(argv, env, workingDirectory, stdin, timeout, STDOUT_LIMIT, STDERR_LIMIT);
    }

    public static Command of(Duration timeout, List<String> argv)
    {
        return new Command(argv, Map.of(), Optional.empty(), Optional.empty(), timeout);
    }

    public Command withWorkingDirectory(String directory)
    {
        return new Command(argv, env, Optional.of(directory), stdin, timeout, stdoutLimit, stderrLimit);
    }

    public Command withStdin(String text)
    {
        return new Command(argv, env, workingDirectory, Optional.of(text), timeout, stdoutLimit, stderrLimit);
    }

    /** The same command keeping the last {@code stdout} and {@code stderr} bytes of its output. */
    public Command withOutputLimits(int stdout, int stderr)
    {
        return new Command(argv, env, workingDirectory, stdin, timeout, stdout, stderr);
    }

    /** The argv as one line for messages and logs. */
    public String display()
    {
        return String.join(" ", argv);
    }
}
