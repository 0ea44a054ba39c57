package dev.berth.gpu.edit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An OCI hook to add, as CDI's {@code hooks} entry. {@code hookName} is one of the OCI hook lists
 * ({@code prestart}, {@code createRuntime}, {@code createContainer}, {@code startContainer}, {@code poststart},
 * {@code poststop}).
 */
public record HookEdit(String hookName, String path, List<String> args, List<String> env, OptionalInt timeoutSeconds)
{
    public static final Set<String> OCI_HOOKS = Set.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    public HookEdit
    {
        requireNonNull(hookName, "hookName is null");
        requireNonNull(path, "path is null");
        args = List.copyOf(requireNonNull(args, "args is null"));
        env = List.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(timeoutSeconds, "timeoutSeconds is null");
    }
}
