package dev.berth.oci.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Local processes by pid, for the monitors this backend leaves behind: whether one still runs, waiting for it to
 * end, and killing it with every process it started.
 */
public final class ProcessTree
{
    private static final long MAX_POLL_MILLIS = 20;
    private static final int MAX_COMMAND_CHARS = 100;

    private ProcessTree() {}

    /**
     * Whether {@code pid} still runs. A zombie does not: conmon double-forks, so it is reaped by init, which here
     * can take a second or more after conmon has done its last write ({@link ProcessHandle#isAlive()} says true).
     */
    public static boolean running(long pid)
    {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        }
        catch (IOException e) {
            return handle.get().isAlive();
        }
    }

    /** Waits up to {@code timeout} for {@code pid} to stop running. @return whether it did */
    public static boolean awaitGone(long pid, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMillis = 1;
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(sleepMillis);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(pid);
            }
            sleepMillis = Math.min(sleepMillis * 2, MAX_POLL_MILLIS);
        }
        return true;
    }

    /**
     * The arguments of {@code pid} as its {@code /proc/PID/cmdline} holds them (empty when it is gone). Read directly:
     * {@link ProcessHandle.Info#arguments()} gives nothing at all for a command line longer than one page.
     */
    public static List<String> arguments(long pid)
    {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            // each argument ends with a NUL; a zombie's cmdline is empty
            String arguments = cmdline.endsWith("\0") ? cmdline.substring(0, cmdline.length() - 1) : cmdline;
            return arguments.isEmpty() ? List.of() : List.of(arguments.split("\0", -1));
        }
        catch (IOException e) {
            return List.of();
        }
    }

    /**
     * SIGKILLs {@code root} and then every process it started (found before the first signal, so none is reparented
     * out of reach). The root goes first: a monitor that sees its child die would otherwise act on it.
     *
     * @return each process signalled, as {@code "pid command line"} (cut at 100 characters), for an error's evidence
     */
    public static List<String> killWithDescendants(ProcessHandle root)
    {
        // a handle, not a pid: the JDK signals it only while its start time still matches, so a pid reused since
        // it was identified is never killed
        List<ProcessHandle> doomed = new ArrayList<>();
        doomed.add(root);
        doomed.addAll(root.descendants().toList());
        List<String> described = doomed.stream().map(ProcessTree::describe).toList();
        List<String> killed = new ArrayList<>();
        for (int i = 0; i < doomed.size(); i++) {
            if (doomed.get(i).destroyForcibly()) {
                killed.add(described.get(i));
            }
        }
        return List.copyOf(killed);
    }

    private static String describe(ProcessHandle process)
    {
        String command = process.info().commandLine().orElse("?");
        return process.pid() + " " + (command.length() > MAX_COMMAND_CHARS ? command.substring(0, MAX_COMMAND_CHARS) + "..." : command);
    }
}
