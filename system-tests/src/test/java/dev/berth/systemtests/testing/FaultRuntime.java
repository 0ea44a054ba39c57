package dev.berth.systemtests.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A scripted fault runtime: a shell wrapper around /usr/sbin/runc that misbehaves at one chosen subcommand
 * (create, start, kill, delete, state), as named by a control file the test rewrites while the agent runs.
 * Modes: {@code hang} (sleeps an hour; its PID goes to hung.pids for cleanup), {@code crash} (the wrapper
 * SIGSEGVs itself), {@code garbage} (prints non-JSON, exits 0) and {@code fail} (a message on stderr, exit 1).
 */
public final class FaultRuntime
{
    private final Path directory;

    private FaultRuntime(Path directory)
    {
        this.directory = directory;
    }

    public static FaultRuntime in(Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        Path script = directory.resolve("runc-faulty");
        Files.writeString(script, """
                #!/bin/sh
                dir='%s'
                sub=''
                for a in "$@"; do
                  case "$a" in create|start|kill|delete|state) sub="$a"; break;; esac
                done
                if [ -f "$dir/fault" ]; then
                  read -r mode target < "$dir/fault"
                  if [ "$target" = "$sub" ]; then
                    echo "$mode $*" >> "$dir/hits"
                    case "$mode" in
                      hang) echo $$ >> "$dir/hung.pids"; exec sleep 3600;;
                      crash) kill -SEGV $$;;
                      garbage) echo 'this is {not json'; exit 0;;
                      fail) echo "injected failure of $sub" >&2; exit 1;;
                    esac
                  fi
                fi
                exec /usr/sbin/runc "$@"
                """.formatted(directory));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FaultRuntime(directory);
    }

    public Path binary()
    {
        return directory.resolve("runc-faulty");
    }

    public void inject(String mode, String subcommand)
            throws IOException
    {
        Files.writeString(directory.resolve("fault"), mode + " " + subcommand + "\n");
    }

    public void clear()
            throws IOException
    {
        Files.deleteIfExists(directory.resolve("fault"));
    }

    /** The calls the fault hit, one line each: mode and the wrapper's arguments. */
    public List<String> hits()
            throws IOException
    {
        Path hits = directory.resolve("hits");
        return Files.exists(hits) ? Files.readAllLines(hits) : List.of();
    }

    /** Kills the sleeps this wrapper started (and only those), by their recorded PIDs. */
    public void killHung()
            throws IOException
    {
        Path pids = directory.resolve("hung.pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            if (!line.isBlank()) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Files.delete(pids);
    }
}
