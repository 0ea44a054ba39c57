package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in a spec, each with its field path, so one InvalidSpec reports them all.
 *
 * <p>A problem is either of the document's form, refused always, or a limit added after specs of its kind were
 * accepted ({@link #refuseNew}), refused only in a submission: a document stored by an earlier version is read again at
 * every restart (and by the cluster planner), and must keep parsing there, or its service would be lost to an upgrade.
 * The caller then bounds such a value where it is used.
 */
public final class SpecProblems
{
    private final List<String> problems = new ArrayList<>();
    private final boolean submission;

    /** For a document being submitted now: every problem counts. */
    public SpecProblems()
    {
        this(true);
    }

    private SpecProblems(boolean submission)
    {
        this.submission = submission;
    }

    /** For a document accepted before and read back from the store: only problems of form count. */
    public static SpecProblems forStored()
    {
        return new SpecProblems(false);
    }

    public void add(String path, String reason)
    {
        problems.add(path.isEmpty() ? reason : path + ": " + reason);
    }

    /** A problem only for a new submission (see the class comment). */
    public void refuseNew(String path, String reason)
    {
        if (submission) {
            add(path, reason);
        }
    }

    /** Whether the document is a new submission, not one read back from the store. */
    public boolean submission()
    {
        return submission;
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
