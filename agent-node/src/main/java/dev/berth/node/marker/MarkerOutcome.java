package dev.berth.node.marker;

import java.util.OptionalLong;

/**
 * What the PID marker said at start: a clean start, or a crashed predecessor (its PID dead or recycled), which
 * calls for recovery. A live predecessor is refused before an outcome exists.
 */
public record MarkerOutcome(boolean previousCrashed, OptionalLong previousPid, String reason)
{
    public static MarkerOutcome clean()
    {
        return new MarkerOutcome(false, OptionalLong.empty(), "no PID marker: clean start");
    }
}
