package dev.berth.state;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import dev.berth.core.composite.OwnershipStore;
import dev.berth.core.config.ConfigKey;
import dev.berth.state.ownership.StoredOwnershipStore;

import java.nio.file.Path;
import java.util.List;

/**
 * Binds the durable store. The agent must bind {@code @Named("berth.data-dir") Path}; the store opens at
 * {@code <data-dir>/state/berth.db} when first needed. Binds {@link StateStore} and {@link OwnershipStore}
 * (the composite's ownership record, kept in the store), both singletons. Whoever owns the injector closes the
 * {@link StateStore} at shutdown.
 */
public final class StateModule
        extends AbstractModule
{
    public static final String DATA_DIR = "berth.data-dir";

    /** agent-state declares no config keys: the store's location follows the data dir. */
    public static List<ConfigKey<?>> configKeys()
    {
        return List.of();
    }

    @Override
    protected void configure()
    {
        bind(OwnershipStore.class).to(StoredOwnershipStore.class);
        bind(StoredOwnershipStore.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    StateStore stateStore(@Named(DATA_DIR) Path dataDir)
    {
        return StateStore.open(StateStore.fileIn(dataDir));
    }
}
