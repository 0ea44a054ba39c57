package dev.berth.hcs;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The image, host and Windows commands the contract tests use (cmd.exe instead of the contract's POSIX shell). */
final class WindowsContract
{
    static final HostPlatform HOST = HostPlatform.windows("amd64", "10.0.20348");
    static final PulledImage NANOSERVER = new PulledImage("mcr.microsoft.com/windows/nanoserver:ltsc2022", "sha256:" + "5".repeat(64),
            new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.20348.2227")),
            new ImageConfig(List.of(), List.of("cmd.exe"), List.of(), "", "ContainerUser", Set.of(), Map.of(), ""));

    static final List<String> LONG_RUNNING = List.of("ping", "-t", "localhost");

    static List<String> exitWith(int code)
    {
        return List.of("cmd", "/S", "/C", "exit " + code);
    }

    static List<String> print(String text)
    {
        return List.of("cmd", "/S", "/C", "echo " + text);
    }

    private WindowsContract() {}
}
