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
        return pull(spec, null);
    }

    /** As {@link #pull(ServiceSpec)}, telling {@code timer} (when not null) that a remembered image was not pulled. */
    PulledImage pull(ServiceSpec spec, StartTimer timer)
    {
        String key = spec.name() + "|" + spec.image();
        PulledImage image = pulled.get(key);
        if (image == null) {
            image = runtime.pull(spec);
            pulled.put(key, image);
        }
        else if (timer != null) {
            timer.cached();
        }
        return image;
    }

    public void forget(String service)
    {
        pulled.keySet().removeIf(key -> key.startsWith(service + "|"));
    }
}
