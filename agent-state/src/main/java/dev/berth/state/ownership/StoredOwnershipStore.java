package dev.berth.state.ownership;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import dev.berth.core.composite.OwnershipStore;
import dev.berth.state.StateStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The composite's ownership record, kept durably in the {@link StateStore}. Reads are served from memory (the
 * composite asks for the owner on every call); every change is written through before it returns.
 */
public final class StoredOwnershipStore
        implements OwnershipStore
{
    private final StateStore store;
    private final Map<String, String> owners;

    @Inject
    public StoredOwnershipStore(StateStore store)
    {
        this.store = requireNonNull(store, "store is null");
        this.owners = new ConcurrentHashMap<>(store.owners());
    }

    @Override
    public synchronized void record(String containerId, String backend)
    {
        store.recordOwner(containerId, backend);
        owners.put(containerId, backend);
    }

    @Override
    public synchronized void forget(String containerId)
    {
        store.forgetOwner(containerId);
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
