package dev.berth.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.runtime.ContainerStats;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogOptions;
import dev.berth.core.runtime.LogReader;
import dev.berth.core.runtime.PulledImage;
import dev.berth.oci.monitor.MonitoredInit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where an {@link OciBackend}'s containers live: their files, their conmon and their logs, on this host or inside
 * a WSL2 distro. Paths are strings because they name files where the runtime runs, which need not be this JVM's
 * file system. The lifecycle itself (what happens in which order, what is kept on failure) is the backend's; a host
 * only answers where and how.
 */
public interface ContainerHost
{
    /** Where the containers run, for messages: "this host", "WSL2 distro 'Ubuntu'". */
    String describe();

    /** The container's root filesystem mount point, inside its bundle. */
    String rootfs(String id);

    /** The overlay's upper directory. */
    String upper(String id);

    /** The overlay's work directory. */
    String work(String id);

    /** Whether the container's directory exists: with no record beside it, a removal or a create cut short. */
    boolean hasFiles(String id);

    /** The image's unpacked layers, top first, as directories the runtime's host can mount; staged there first when needed. */
    List<String> layers(PulledImage image);

    /**
     * Runs {@code use} with a local directory laid out like the container's root, enough to resolve {@code user}'s
     * name and groups (empty when the user needs no lookup); what it copied is gone afterwards.
     */
    <T> T withIdentityRoot(String id, String user, Function<Optional<Path>, T> use);

    /** Writes the bundle's {@code config.json}, atomically. */
    void writeConfig(String id, ObjectNode config);

    /**
     * Creates the container under a new conmon and waits for the runtime's create.
     *
     * @return the container's init pid, in the host's pid namespace
     */
    long createMonitored(String id, boolean tty);

    /** How the container ended, once conmon has written it. */
    Optional<ExitStatus> exitStatus(String id);

    /** Whether the container's conmon still runs. */
    boolean monitorAlive(String id);

    /** The container's init under a live conmon, when the host can see its processes. */
    Optional<MonitoredInit> monitoredInit(String id);

    /** Waits for the exit status until {@code timeout}; empty when time ran out or conmon ended without one. */
    Optional<ExitStatus> awaitExit(String id, Duration timeout);

    /**
     * Makes sure the container's conmon has ended (waiting up to {@code grace}, then killing it) before its files go
     * or its id is reused.
     *
     * @return the processes killed, empty when conmon ended by itself
     */
    List<String> retireMonitor(String id, Duration grace);

    /** Removes the container's files but its record, which the backend deletes last. */
    void removeFiles(String id);

    /** The container's log; following ends when the container has exited. */
    LogReader logs(String id, LogOptions options);

    /** The process defaults of the container's OCI config, for exec. */
    ExecDefaults execDefaults(String id);

    /** The container's resource usage; {@link dev.berth.core.error.Unsupported} where the host cannot read it. */
    ContainerStats stats(String id);
}
