package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The container's process after merging the spec over the image config. */
public record ProcessPlan(List<String> args, List<String> env, String cwd, long uid, long gid)
{
    public ProcessPlan
    {
        args = List.copyOf(requireNonNull(args, "args is null"));
        env = List.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(cwd, "cwd is null");
    }
}
