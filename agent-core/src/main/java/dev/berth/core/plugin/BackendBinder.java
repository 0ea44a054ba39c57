package dev.berth.core.plugin;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import dev.berth.core.runtime.RuntimeBackend;

/** Binds a backend into the agent's map of active backends, keyed by name. */
public final class BackendBinder
{
    private BackendBinder() {}

    public static MapBinder<String, RuntimeBackend> backends(Binder binder)
    {
        return MapBinder.newMapBinder(binder, String.class, RuntimeBackend.class);
    }

    public static void bind(Binder binder, String name, Class<? extends RuntimeBackend> implementation)
    {
        backends(binder).addBinding(name).to(implementation);
    }
}
