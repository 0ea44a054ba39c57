package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

/**
 * A service's last rolling update: from which revision to which, its state ({@code rolling}, {@code done},
 * {@code rolling-back}, {@code rolled-back}, {@code paused}), how many of how many replicas were replaced, and why it
 * was rolled back or paused (empty otherwise).
 */
public record RolloutView(long from, long to, String state, int replaced, int total, String reason)
{
    public RolloutView
    {
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
    }

    /** "2 of 3 replaced" */
    public String progress()
    {
        return replaced + " of " + total + " replaced";
    }
}
