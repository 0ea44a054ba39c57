package dev.berth.wsl2.testing;

import dev.berth.gpu.host.HostView;
import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.InputWriter;
import dev.berth.wsl2.transport.DistroTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A distro transport that records every command before passing it on. */
public final class RecordingTransport
        implements DistroTransport
{
    private final DistroTransport delegate;
    private final List<Command> commands = new ArrayList<>();

    public RecordingTransport(DistroTransport delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public synchronized CommandResult run(Command command, InputWriter input)
    {
        commands.add(command);
        return delegate.run(command, input);
    }

    @Override
    public synchronized CommandResult run(Command command)
    {
        commands.add(command);
        return delegate.run(command);
    }

    @Override
    public HostView hostView(Duration probeTimeout)
    {
        return delegate.hostView(probeTimeout);
    }

    @Override
    public String describe()
    {
        return delegate.describe();
    }

    public synchronized List<Command> commands()
    {
        return List.copyOf(commands);
    }

    /** The commands whose argv contains {@code word}. */
    public synchronized List<Command> commandsWith(String word)
    {
        return commands.stream().filter(command -> command.argv().stream().anyMatch(arg -> arg.contains(word))).toList();
    }

    /** The commands that run {@code program}. */
    public synchronized List<Command> commandsRunning(String program)
    {
        return commands.stream().filter(command -> command.argv().get(0).equals(program)).toList();
    }
}
