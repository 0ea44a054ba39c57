package dev.berth.node.bootstrap;

import dev.berth.core.error.AgentError;
import dev.berth.lifecycle.BootError;
import dev.berth.state.boot.BootErrorEntry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The agent's {@code <data-dir>/boot-error.json}: {@code {t, stage, errno, message}}, written when the agent fails to
 * boot and removed by the next successful boot. The file format and its atomic write are agent-state's
 * ({@link dev.berth.state.boot.BootErrorFile}); this adapts them to the agent and never lets a failure to record
 * the error hide the error itself.
 */
public final class BootErrorFile
{
    private static final Logger log = LogManager.getLogger(BootErrorFile.class);
    public static final String FILE_NAME = dev.berth.state.boot.BootErrorFile.FILE_NAME;

    private final Path dataDir;

    public BootErrorFile(Path dataDir)
    {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
    }

    public Path file()
    {
        return dev.berth.state.boot.BootErrorFile.in(dataDir);
    }

    /** The stage comes from the error's type, never from its text. */
    public static BootError of(AgentError error)
    {
        return new BootError(Instant.now().truncatedTo(ChronoUnit.MILLIS), error.stage().wireName(), error.errno(),
                error.getMessage() == null ? error.code().name() : error.getMessage());
    }

    public void write(BootError error)
    {
        try {
            dev.berth.state.boot.BootErrorFile.write(dataDir, new BootErrorEntry(error.time(), error.stage(), error.errno(), error.message()));
        }
        catch (AgentError | java.io.UncheckedIOException e) {
            log.error("cannot record the boot error in {}: {}", file(), e.getMessage());
        }
    }

    public Optional<BootError> read()
    {
        try {
            return dev.berth.state.boot.BootErrorFile.read(dataDir)
                    .map(entry -> new BootError(entry.time(), entry.stage(), entry.errno(), entry.message()));
        }
        catch (AgentError e) {
            log.warn("cannot read {}: {}", file(), e.getMessage());
            return Optional.empty();
        }
    }

    public void clear()
    {
        try {
            if (dev.berth.state.boot.BootErrorFile.clear(dataDir)) {
                log.info("removed {} left by a failed boot", file());
            }
        }
        catch (AgentError e) {
            log.warn("cannot remove {}: {}", file(), e.getMessage());
        }
    }
}
