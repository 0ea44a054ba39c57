package dev.berth.core.platform;

import java.util.Optional;

/** The facts platform detection reads. The real one reads the JVM, /proc and the environment; tests substitute it. */
public interface HostProbe
{
    String osName();

    String osArch();

    String osVersion();

    /** The contents of a file, or empty when it cannot be read. */
    Optional<String> readFile(String path);

    boolean exists(String path);

    Optional<String> env(String name);
}
