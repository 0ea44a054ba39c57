package dev.berth.lifecycle.replica;

/** Container ids are {@code <service>.<replica>}, replicas numbered from 1. */
public final class ContainerIds
{
    private ContainerIds() {}

    public static String of(String service, int replica)
    {
        return service + "." + replica;
    }
}
