package dev.berth.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/** What recovery found at start: containers re-adopted, restarted, found exited, failed, and orphans. */
public record RecoveryReport(
        List<String> adopted,
        List<String> restarted,
        List<String> exited,
        List<String> failed,
        List<String> orphans,
        Duration duration)
{
    public static final RecoveryReport NONE = new RecoveryReport(List.of(), List.of(), List.of(), List.of(), List.of(), Duration.ZERO);

    public RecoveryReport
    {
        adopted = List.copyOf(requireNonNull(adopted, "adopted is null"));
        restarted = List.copyOf(requireNonNull(restarted, "restarted is null"));
        exited = List.copyOf(requireNonNull(exited, "exited is null"));
        failed = List.copyOf(requireNonNull(failed, "failed is null"));
        orphans = List.copyOf(requireNonNull(orphans, "orphans is null"));
        requireNonNull(duration, "duration is null");
    }
}
