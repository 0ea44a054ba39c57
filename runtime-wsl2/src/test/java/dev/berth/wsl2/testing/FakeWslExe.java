package dev.berth.wsl2.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for {@code wsl.exe} on Linux: accepts only {@code -d DISTRO -u root [--cd DIR] --exec argv}, answers like
 * wsl.exe for any other distro, and runs argv on this host. Lets the real wsl.exe transport run end to end.
 */
public final class FakeWslExe
{
    private FakeWslExe() {}

    public static Path write(Path file, String distro)
    {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    #!/bin/sh
                    [ "$1" = "-d" ] && [ "$2" = "%s" ] || { echo "There is no distribution with the supplied name." >&2; exit 1; }
                    [ "$3" = "-u" ] && [ "$4" = "root" ] || { echo "wsl.exe stand-in: expected -u root" >&2; exit 2; }
                    shift 4
                    if [ "$1" = "--cd" ]; then cd "$2" || exit 1; shift 2; fi
                    [ "$1" = "--exec" ] || { echo "wsl.exe stand-in: expected --exec" >&2; exit 2; }
                    shift
                    exec "$@"
                    """.formatted(distro));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
