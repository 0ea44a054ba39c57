package dev.berth.oci.process;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One external command: its argv (argv[0] an absolute path or a name on the transport's PATH), extra environment,
 * optional working directory and stdin text, and the time it may take. Paths are strings because they name files
 * where the transport runs the command, which need not be this JVM's file system (the WSL2 delegate).
 */
public record Command(List<String> argv, Map<String, String> env, Optional<String> workingDirectory, Optional<String> stdin, Duration timeout)
{
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
    }

    public static Command of(Duration timeout, List<String> argv)
    {
        return new Command(argv, Map.of(), Optional.empty(), Optional.empty(), timeout);
    }

    public Command withWorkingDirectory(String directory)
    {
        return new Command(argv, env, Optional.of(directory), stdin, timeout);
    }

    public Command withStdin(String text)
    {
        return new Command(argv, env, workingDirectory, Optional.of(text), timeout);
    }

    /** The argv as one line for messages and logs. */
    public String display()
    {
        return String.join(" ", argv);
    }
}
