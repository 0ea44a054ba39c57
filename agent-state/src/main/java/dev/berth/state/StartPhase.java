package dev.berth.state;

/** The phases of a container start, in the order they run; {@link #wireName()} is their name in the API and metrics. */
public enum StartPhase
{
    /** From the replica being asked for (deploy, run) to its boot beginning: waiting for a worker or its lock. */
    QUEUE("queue"),
    /** Resolving the image: the registry pull, or finding it in the store. */
    PULL("pull"),
    /** Unpacking or importing layers at create that the pull had not unpacked (a pull unpacks as it downloads). */
    UNPACK("unpack"),
    /** The backend's create, unpacking apart: root filesystem, network, bundle, the runtime's create. */
    CREATE("create"),
    /** The runtime's start until the container is seen running. */
    START("start"),
    /** From running to the health check's first pass. */
    FIRST_HEALTH("firstHealth");

    private final String wireName;

    StartPhase(String wireName)
    {
        this.wireName = wireName;
    }

    public String wireName()
    {
        return wireName;
    }
}
