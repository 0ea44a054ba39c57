package dev.berth.core.error;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The one vocabulary for failure in berth. Every error that crosses a module boundary is one of these
 * variants; {@link ErrorCode} gives each a stable code, and switching on {@link #code()} lets the
 * compiler check that every variant is handled.
 *
 * <p>{@link RouteToPeer} and {@link WrongPlatform} are {@link PlacementSignal placement signals}, not
 * failures: no layer may wrap them into a create or start failure. Use {@link #isPlacementSignal()} or
 * {@code instanceof PlacementSignal} to tell them apart.
 *
 * <p>Each error carries its {@link Stage} (derived from its type) and, where the cause had one, an errno.
 * The cause chain is kept.
 */
public abstract sealed class AgentError
        extends RuntimeException
        permits NotFound,
        PullFailed,
        CreateFailed,
        StartFailed,
        UnexpectedExit,
        HealthCheckFailed,
        InitActionFailed,
        Timeout,
        DependencyTimeout,
        InvalidSpec,
        Network,
        Configuration,
        Internal,
        Unsupported,
        WslGpuUnavailable,
        GpuSharingUnavailable,
        RouteToPeer,
        WrongPlatform,
        StorageFull
{
    private final Integer errno;

    protected AgentError(String message, Throwable cause, Integer errno)
    {
        super(message, cause);
        if (errno != null) {
            this.errno = errno;
        }
        else {
            OptionalInt fromCause = cause == null ? OptionalInt.empty() : Errno.of(cause);
            this.errno = fromCause.isPresent() ? fromCause.getAsInt() : null;
        }
    }

    public abstract ErrorCode code();

    /** The variant's fields, in declaration order, as they appear on the wire. */
    public abstract Map<String, Object> fields();

    public final Stage stage()
    {
        return code().stage();
    }

    public final OptionalInt errno()
    {
        return errno == null ? OptionalInt.empty() : OptionalInt.of(errno);
    }

    public final boolean isPlacementSignal()
    {
        return code().isPlacementSignal();
    }
}
