package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import dev.berth.core.composite.CompositeRuntime;
import dev.berth.core.runtime.PulledImage;
import dev.berth.core.spec.ServiceSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pulled image per service and image reference, so replicas and restarts do not pull again. */
public final class ImageCache
{
    private final CompositeRuntime runtime;
    private final Map<String, PulledImage> pulled = new ConcurrentHashMap<>();

    public ImageCache(CompositeRuntime runtime)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    public PulledImage pull(ServiceSpec spec)
    {
        return pull(spec, () -> {});
    }

    /** As {@link #pull(ServiceSpec)}, running {@code whenRemembered} when the image is one pulled before, not pulled now. */
    PulledImage pull(ServiceSpec spec, Runnable whenRemembered)
    {
        String key = spec.name() + "|" + spec.image();
        PulledImage image = pulled.get(key);
        if (image == null) {
            image = runtime.pull(spec);
            pulled.put(key, image);
        }
        else {
            whenRemembered.run();
        }
        return image;
    }

    public void forget(String service)
    {
        pulled.keySet().removeIf(key -> key.startsWith(service + "|"));
    }
}
