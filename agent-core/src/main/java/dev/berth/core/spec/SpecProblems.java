package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in a spec, each with its field path, so one InvalidSpec reports them all. */
public final class SpecProblems
{
    private final List<String> problems = new ArrayList<>();

    public void add(String path, String reason)
    {
        problems.add(path.isEmpty() ? reason : path + ": " + reason);
    }

    public boolean isEmpty()
    {
        return problems.isEmpty();
    }

    public List<String> list()
    {
        return List.copyOf(problems);
    }

    /** @throws InvalidSpec listing every problem, one per line after the first */
    public void throwIfAny()
    {
        if (!problems.isEmpty()) {
            throw new InvalidSpec(String.join("; ", problems));
        }
    }
}
