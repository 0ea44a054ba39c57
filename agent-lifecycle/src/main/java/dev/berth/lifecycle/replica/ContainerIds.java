package dev.berth.lifecycle.replica;

import dev.berth.core.error.InvalidSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container ids are {@code <service>.<replica>}, replicas numbered from 1. A service name may itself end in
 * {@code .<digits>} ({@code python3.11}), so a name could read both as a service and as a replica of another service;
 * {@link #refuseAmbiguous} keeps such a pair from being made, and the lookup by name refuses one made before.
 */
public final class ContainerIds
{
    private static final Pattern REPLICA_ID = Pattern.compile("(.+)\\.(\\d+)");

    private ContainerIds() {}

    public static String of(String service, int replica)
    {
        return service + "." + replica;
    }

    /**
     * Refuses new services whose names would be ambiguous with the replica ids of the others: {@code a.1} while a service
     * {@code a} exists (or comes with it), or {@code a} while a service {@code a.1} exists (or comes with it). Only
     * names not on record yet are judged: a pair an earlier version accepted keeps working.
     *
     * @param submitted the names of the services being submitted
     * @param existing the names of the services on record
     * @throws InvalidSpec naming each new service at fault and the one it collides with
     */
    public static void refuseAmbiguous(Collection<String> submitted, Collection<String> existing)
    {
        Set<String> all = new LinkedHashSet<>(existing);
        all.addAll(submitted);
        List<String> problems = new ArrayList<>();
        for (String name : new LinkedHashSet<>(submitted)) {
            if (existing.contains(name)) {
                continue;
            }
            Matcher replica = REPLICA_ID.matcher(name);
            if (replica.matches() && all.contains(replica.group(1))) {
                problems.add("name: \"" + name + "\" reads as replica " + replica.group(2) + " of the service \"" + replica.group(1)
                        + "\"; choose another name, such as " + replica.group(1) + "-" + replica.group(2));
            }
            for (String other : all) {
                Matcher shadowed = REPLICA_ID.matcher(other);
                if (shadowed.matches() && shadowed.group(1).equals(name)) {
                    problems.add("name: the replicas of \"" + name + "\" would be named like the service \"" + other + "\"; choose another name");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec(String.join("; ", problems));
        }
    }
}
