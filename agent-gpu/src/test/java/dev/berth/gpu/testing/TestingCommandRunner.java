package dev.berth.gpu.testing;

import dev.berth.gpu.host.CommandResult;
import dev.berth.gpu.host.CommandRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Answers commands by their program name (the first word after any {@code env VAR=...}); others are "not found". */
public final class TestingCommandRunner
        implements CommandRunner
{
    private final Map<String, BiFunction<List<String>, String, CommandResult>> programs = new HashMap<>();
    private final List<List<String>> calls = new ArrayList<>();
    private final List<String> stdins = new ArrayList<>();

    public TestingCommandRunner answer(String program, int exitCode, String stdout, String stderr)
    {
        programs.put(program, (command, stdin) -> new CommandResult(command, exitCode, stdout, stderr));
        return this;
    }

    public TestingCommandRunner answer(String program, BiFunction<List<String>, String, CommandResult> answer)
    {
        programs.put(program, answer);
        return this;
    }

    @Override
    public synchronized CommandResult run(List<String> command, byte[] stdin, Duration timeout)
    {
        calls.add(command);
        String text = new String(stdin, StandardCharsets.UTF_8);
        stdins.add(text);
        int first = 0;
        if (command.get(0).equals("env")) {
            while (first + 1 < command.size() && command.get(first + 1).contains("=")) {
                first++;
            }
            first++;
        }
        BiFunction<List<String>, String, CommandResult> answer = programs.get(command.get(first));
        if (answer == null) {
            return new CommandResult(command, CommandResult.NOT_FOUND, "", "cannot run " + command.get(first) + ": not found");
        }
        return answer.apply(command, text);
    }

    public synchronized List<List<String>> calls()
    {
        return List.copyOf(calls);
    }

    public synchronized List<String> stdins()
    {
        return List.copyOf(stdins);
    }
}
