package dev.berth.core.composite;

import java.util.Map;
import java.util.Optional;

/** The composite's record of which backend owns which container. The durable state persists it. */
public interface OwnershipStore
{
    void record(String containerId, String backend);

    void forget(String containerId);

    Optional<String> owner(String containerId);

    Map<String, String> all();
}
