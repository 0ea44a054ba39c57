package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * How a changed spec replaces a service's replicas ({@code update:} in the spec). A change of the replica count (or
 * of this block) alone replaces nothing; any other change stops at most {@code parallel} old replicas at a time, and
 * the next batch waits until the new ones are healthy.
 *
 * @param parallel how many replicas are replaced at once; with more than one replica it is cut to one fewer than the
 *         replicas, so at least one replica keeps serving
 * @param healthy how long a new replica without a health check must have run to count as healthy (one with a check
 *         counts once the check passes)
 * @param deadline how long a new replica may take to become healthy before the update fails
 * @param onFailure what a failed replica does to the update: {@code rollback} to the previous spec, or {@code pause}
 *         where it is
 */
public record UpdatePolicy(int parallel, Duration healthy, Duration deadline, OnFailure onFailure)
{
    public static final UpdatePolicy DEFAULT = new UpdatePolicy(1, Duration.ofSeconds(10), Duration.ofMinutes(5), OnFailure.ROLLBACK);

    public enum OnFailure
    {
        ROLLBACK,
        PAUSE
    }

    public UpdatePolicy
    {
        requireNonNull(healthy, "healthy is null");
        requireNonNull(deadline, "deadline is null");
        requireNonNull(onFailure, "onFailure is null");
    }

    /** The batch size for {@code replicas} old replicas: {@code parallel}, and never all of two or more at once. */
    public int batch(int replicas)
    {
        return replicas > 1 ? Math.max(1, Math.min(parallel, replicas - 1)) : 1;
    }

    static UpdatePolicy read(JsonNode node, String path, SpecProblems problems)
    {
        return NodeReader.of(node, path, problems).map(r -> {
            int parallel = r.integer("parallel", DEFAULT.parallel(), 1, 1000);
            Duration healthy = r.duration("healthy", DEFAULT.healthy());
            Duration deadline = r.duration("deadline", DEFAULT.deadline());
            OnFailure onFailure = r.enumValue("onFailure", OnFailure.class, DEFAULT.onFailure());
            r.finish();
            if (deadline.compareTo(healthy) <= 0) {
                problems.add(r.path("deadline"), "must be longer than healthy");
            }
            return new UpdatePolicy(parallel, healthy, deadline, onFailure);
        }).orElse(DEFAULT);
    }
}
