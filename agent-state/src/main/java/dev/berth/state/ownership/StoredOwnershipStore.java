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
 * composite asks for the owner on every call). A new owner is committed before {@link #record} returns: the
 * composite records it before the backend creates anything, so a crash never leaves a container nobody owns. A
 * forgotten owner rides on the store's next commit (in the lifecycle, the removal step's own transaction) instead of
 * paying a WAL fsync of its own: the composite forgets only what its backend no longer has, and a crash before that
 * commit leaves a stale record the composite recognizes and forgets again.
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
        store.forgetOwnerLater(containerId);
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
