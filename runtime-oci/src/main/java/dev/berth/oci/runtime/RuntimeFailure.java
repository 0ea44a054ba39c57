package dev.berth.oci.runtime;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Errno;
import dev.berth.oci.process.CommandResult;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The evidence of a failed runtime call: the command, its exit status, its stderr, and the error the runtime wrote
 * to its JSON log with the errno named in it. {@link #reason()} puts all of it into one line for an AgentError.
 */
public record RuntimeFailure(String command, int exitStatus, String stderr, Optional<String> logMessage, OptionalInt errno)
{
    public RuntimeFailure
    {
        requireNonNull(command, "command is null");
        requireNonNull(stderr, "stderr is null");
        requireNonNull(logMessage, "logMessage is null");
        requireNonNull(errno, "errno is null");
    }

    public static RuntimeFailure of(CommandResult result, Optional<String> logMessage)
    {
        String stderr = result.stderrEvidence().strip();
        OptionalInt errno = logMessage.map(Errno::fromStrerror).orElse(OptionalInt.empty());
        if (errno.isEmpty()) {
            errno = Errno.fromStrerror(stderr);
        }
        return new RuntimeFailure(result.command().display(), result.exitCode(), stderr, logMessage, errno);
    }

    public String reason()
    {
        StringBuilder reason = new StringBuilder();
        reason.append(logMessage.orElse(stderr.isEmpty() ? "no message" : lastLine(stderr)));
        reason.append(" (runtime exit status ").append(exitStatus);
        errno.ifPresent(value -> reason.append(", errno ").append(value));
        if (!stderr.isEmpty() && logMessage.isPresent()) {
            reason.append(", stderr: ").append(lastLine(stderr));
        }
        reason.append("; command: ").append(command).append(')');
        return reason.toString();
    }

    /** Whether the runtime says the container does not exist (runc, crun and youki each word it differently). */
    public boolean containerMissing()
    {
        String text = (logMessage.orElse("") + "\n" + stderr).toLowerCase(Locale.ROOT);
        return text.contains("does not exist") || text.contains("no such file or directory") || text.contains("not found");
    }

    /** Whether the runtime refused because the container is not running (kill of a stopped container). */
    public boolean notRunning()
    {
        String text = (logMessage.orElse("") + "\n" + stderr).toLowerCase(Locale.ROOT);
        return text.contains("not running") || text.contains("container not running") || text.contains("process already finished")
                || text.contains("no such process") || text.contains("is stopped");
    }

    public Integer errnoOrNull()
    {
        return errno.isPresent() ? errno.getAsInt() : null;
    }

    private static String lastLine(String text)
    {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
