package dev.berth.oci.testing;

import dev.berth.oci.process.Command;
import dev.berth.oci.process.CommandResult;
import dev.berth.oci.process.CommandTransport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** Records every command and answers from a script: a function of the command, or queued results. */
public final class TestingCommandTransport
        implements CommandTransport
{
    private final List<Command> commands = new ArrayList<>();
    private final Deque<Function<Command, CommandResult>> answers = new ArrayDeque<>();
    private Function<Command, CommandResult> fallback = command -> new CommandResult(command, 0, "", "");

    public TestingCommandTransport answer(Function<Command, CommandResult> answer)
    {
        answers.addLast(answer);
        return this;
    }

    public TestingCommandTransport answerAlways(Function<Command, CommandResult> answer)
    {
        fallback = answer;
        return this;
    }

    public static Function<Command, CommandResult> result(int exit, String stdout, String stderr)
    {
        return command -> new CommandResult(command, exit, stdout, stderr);
    }

    @Override
    public CommandResult run(Command command)
    {
        commands.add(command);
        return (answers.isEmpty() ? fallback : answers.removeFirst()).apply(command);
    }

    public List<Command> commands()
    {
        return List.copyOf(commands);
    }

    @Override
    public String describe()
    {
        return "testing";
    }
}
