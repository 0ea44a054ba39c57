package dev.berth.state;

import java.nio.file.Path;

/** Test access to the package-private open at an older schema version. */
public final class StateStores
{
    private StateStores() {}

    public static StateStore openAt(Path file, int version)
    {
        return StateStore.open(file, version);
    }
}
