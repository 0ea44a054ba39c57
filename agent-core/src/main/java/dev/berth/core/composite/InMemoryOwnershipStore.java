package dev.berth.core.composite;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An ownership record kept in memory only, for tests and tools that hold no state. */
public final class InMemoryOwnershipStore
        implements OwnershipStore
{
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public void record(String containerId, String backend)
    {
        owners.put(containerId, backend);
    }

    @Override
    public void forget(String containerId)
    {
        owners.remove(containerId);
    }

    @Override
    public Optional<String> owner(String containerId)
    {
        return Optional.ofNullable(owners.get(containerId));
    }

    @Override
    public Map<String, String> all()
    {
        return Map.copyOf(owners);
    }
}
