package dev.berth.hcs;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImageConfig;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.runtime.PulledImage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images, host and Windows commands the contract tests use (cmd.exe instead of the contract's POSIX shell). The
 * stand-ins (hcsstub.c's stub_command.h, TestingComputeCore) read these commands the way cmd.exe runs them.
 */
final class WindowsContract
{
    static final HostPlatform HOST = HostPlatform.windows("amd64", "10.0.20348");
    static final PulledImage NANOSERVER = new PulledImage("mcr.microsoft.com/windows/nanoserver:ltsc2022", "sha256:" + "5".repeat(64),
            new ImagePlatform("windows", "amd64", Optional.empty(), Optional.of("10.0.20348.2227")),
            new ImageConfig(List.of(), List.of("cmd.exe"), List.of(), "", "ContainerUser", Set.of(), Map.of(), ""));
    /** An image for the other OS, held by the contract tests' image service. */
    static final PulledImage LINUX = new PulledImage("contract/linux-only:1", "sha256:" + "6".repeat(64), ImagePlatform.of("linux", "amd64"),
            ImageConfig.EMPTY);

    static final List<String> LONG_RUNNING = List.of("ping", "-t", "localhost");
    /** nanoserver runs as ContainerUser; its other account is ContainerAdministrator. */
    static final String OTHER_USER = "ContainerAdministrator";
    /** CreateProcess fails with ERROR_FILE_NOT_FOUND. */
    static final List<String> MISSING_EXECUTABLE = List.of("C:\\contract-no-such-binary.exe");

    static List<String> exitWith(int code)
    {
        return List.of("cmd", "/S", "/C", "exit " + code);
    }

    static List<String> print(String text)
    {
        return List.of("cmd", "/S", "/C", "echo " + text);
    }

    /** cmd expands %NAME% from the process's environment, and USERNAME is the account it runs as. */
    static List<String> printEnvironmentAndUser(String variable)
    {
        return List.of("cmd", "/S", "/C", "echo %" + variable + "%& echo %USERNAME%");
    }

    /** cmd has no sleep: two pings a second apart are the usual pause. */
    static List<String> printWithPause(String first, String second)
    {
        return List.of("cmd", "/S", "/C", "echo " + first + "& ping -n 2 127.0.0.1 >NUL& echo " + second);
    }

    private WindowsContract() {}
}
