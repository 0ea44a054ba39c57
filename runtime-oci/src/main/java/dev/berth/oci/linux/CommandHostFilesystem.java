package dev.berth.oci.linux;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Errno;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.CommandTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@link HostFilesystem} as {@code mkdir}, {@code mount}, {@code umount} and {@code unshare} commands through a
 * {@link CommandTransport}, each with the same time limit: for hosts this process cannot make system calls on, such as
 * the WSL2 delegate's distro.
 */
public final class CommandHostFilesystem
        implements HostFilesystem
{
    private final CommandTransport transport;
    private final Duration timeout;

    public CommandHostFilesystem(CommandTransport transport, Duration timeout)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public void createDirectories(String... paths)
    {
        List<String> argv = new ArrayList<>(List.of("mkdir", "-p"));
        argv.addAll(List.of(paths));
        runChecked(argv);
    }

    @Override
    public void mountOverlay(String options, String target)
    {
        runChecked(List.of("mount", "-t", "overlay", "overlay", "-o", options, target));
    }

    @Override
    public boolean unmount(String target)
    {
        CommandResult result = transport.run(Command.of(timeout, List.of("umount", target)));
        if (result.succeeded()) {
            return true;
        }
        if (result.stderr().contains("not mounted") || result.stderr().contains("no mount point specified")) {
            return false;
        }
        throw failure(result);
    }

    @Override
    public void bindMount(String source, String target)
    {
        runChecked(List.of("mount", "--bind", source, target));
    }

    @Override
    public void makeShared(String target)
    {
        runChecked(List.of("mount", "--make-shared", target));
    }

    /** {@code unshare --net=PATH true}: the namespace's loopback is left down. */
    @Override
    public boolean createNetworkNamespace(String path)
    {
        runChecked(List.of("unshare", "--net=" + path, "true"));
        return false;
    }

    private void runChecked(List<String> argv)
    {
        CommandResult result = transport.run(Command.of(timeout, argv));
        if (!result.succeeded()) {
            throw failure(result);
        }
    }

    private static HostCallFailed failure(CommandResult result)
    {
        String stderr = result.stderr().strip();
        OptionalInt errno = Errno.fromStrerror(stderr);
        return new HostCallFailed("'" + result.command().display() + "' failed with exit status " + result.exitCode() + ": " + stderr,
                errno.isPresent() ? errno.getAsInt() : null, null);
    }
}
