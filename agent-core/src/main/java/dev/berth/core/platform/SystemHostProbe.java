package dev.berth.core.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The real {@link HostProbe}. */
public final class SystemHostProbe
        implements HostProbe
{
    @Override
    public String osName()
    {
        return System.getProperty("os.name", "");
    }

    @Override
    public String osArch()
    {
        return System.getProperty("os.arch", "");
    }

    @Override
    public String osVersion()
    {
        return System.getProperty("os.version", "");
    }

    @Override
    public Optional<String> readFile(String path)
    {
        try {
            return Optional.of(Files.readString(Path.of(path)));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String path)
    {
        return Files.exists(Path.of(path));
    }

    @Override
    public Optional<String> env(String name)
    {
        return Optional.ofNullable(System.getenv(name));
    }
}
