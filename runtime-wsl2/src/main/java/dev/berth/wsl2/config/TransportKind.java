package dev.berth.wsl2.config;

import java.util.Locale;

/** How the delegate reaches its distro. */
public enum TransportKind
{
    /** {@code wsl.exe} on a Windows host: production. */
    WSL,
    /** The same commands on this Linux host against a configurable distro root: tests and development. */
    LOCAL;

    public static TransportKind parse(String text)
    {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "wsl" -> WSL;
            case "local" -> LOCAL;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a transport (wsl or local)");
        };
    }
}
