package dev.berth.core.spec;

import java.util.Locale;
import java.util.Optional;

/** The operating-system families berth places workloads on, named as OCI image configs name them. */
public enum OsFamily
{
    LINUX("linux"),
    WINDOWS("windows");

    private final String ociName;

    OsFamily(String ociName)
    {
        this.ociName = ociName;
    }

    public String ociName()
    {
        return ociName;
    }

    public static Optional<OsFamily> fromOciName(String name)
    {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (OsFamily os : values()) {
            if (os.ociName.equals(lower)) {
                return Optional.of(os);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString()
    {
        return ociName;
    }
}
