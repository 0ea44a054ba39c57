package dev.berth.node.pressure;

import dev.berth.core.pressure.Pressure;

import java.util.Comparator;
import java.util.List;

/**
 * Which container goes first under pressure. Memory: containers with no memory limit first, then by how far memory
 * use exceeds the request (the kubelet's order without priorities), the largest first. PIDs: the most processes
 * first. Ties go to the container id, so the order is the same every time.
 */
public final class EvictionOrder
{
    private EvictionOrder() {}

    public static List<EvictionCandidate> rank(Pressure pressure, List<EvictionCandidate> candidates)
    {
        Comparator<EvictionCandidate> order = switch (pressure) {
            case MEMORY -> Comparator.comparing(EvictionCandidate::memoryLimited)
                    .thenComparing(Comparator.comparingLong(EvictionCandidate::memoryOverRequest).reversed());
            case PIDS -> Comparator.comparingLong(EvictionCandidate::pids).reversed();
            case DISK -> throw new IllegalArgumentException("disk pressure collects images; it evicts no container");
        };
        return candidates.stream().sorted(order.thenComparing(EvictionCandidate::id)).toList();
    }
}
