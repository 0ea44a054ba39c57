package dev.berth.oci.monitor;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Timeout;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.oci.cgroup.CgroupReader;
import dev.berth.oci.state.ContainerPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads how a container ended from what conmon left on disk: the exit file (status, and its time as the finish
 * time) and the oom file, backed by the cgroup's OOM-kill counter. Works the same for a container an earlier agent
 * JVM started.
 */
public final class ExitWatcher
{
    private static final long MAX_POLL_MILLIS = 25;

    private final CgroupReader cgroups;

    public ExitWatcher(CgroupReader cgroups)
    {
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
    }

    /** The exit status, once conmon has written it. */
    public Optional<ExitStatus> exitStatus(ContainerPaths paths, String cgroupsPath)
    {
        OptionalInt code = ConmonMonitor.exitCode(paths);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        boolean oom = Files.exists(paths.oomFile()) || cgroups.oomKills(cgroupsPath) > 0;
        Optional<Instant> finished;
        try {
            finished = Optional.of(Files.getLastModifiedTime(paths.exitFile()).toInstant());
        }
        catch (IOException e) {
            finished = Optional.empty();
        }
        return Optional.of(new ExitStatus(code.getAsInt(), oom, finished));
    }

    /**
     * Polls for the exit status until {@code timeout}; empty when time ran out or the container's conmon is gone
     * without writing one.
     */
    public Optional<ExitStatus> await(ContainerPaths paths, String cgroupsPath, Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        PollSchedule polls = PollSchedule.startingNow(MAX_POLL_MILLIS);
        while (true) {
            Optional<ExitStatus> exit = exitStatus(paths, cgroupsPath);
            if (exit.isPresent()) {
                return exit;
            }
            if (System.nanoTime() > deadline || !ConmonMonitor.alive(paths)) {
                // conmon writes the file before it exits: one last look settles the race
                return exitStatus(paths, cgroupsPath);
            }
            try {
                Thread.sleep(polls.nextSleepMillis(System.nanoTime()));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Timeout(timeout, e);
            }
        }
    }
}
