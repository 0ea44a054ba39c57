package dev.berth.core.runtime;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process defaults an image config carries, which a bundle merges under the service spec. {@code argsEscaped} is
 * the config's Windows-only {@code ArgsEscaped}: the first element of its Entrypoint (or, without one, of its Cmd) is
 * already a whole Windows command line, to be passed as it is.
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        Set<String> exposedPorts,
        Map<String, String> labels,
        String stopSignal,
        boolean argsEscaped)
{
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), "", "", Set.of(), Map.of(), "");

    /** A config without {@code ArgsEscaped}, as every Linux image is. */
    public ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user, Set<String> exposedPorts,
            Map<String, String> labels, String stopSignal)
    {
        this(entrypoint, cmd, env, workingDir, user, exposedPorts, labels, stopSignal, false);
    }

    public ImageConfig
    {
        entrypoint = List.copyOf(requireNonNull(entrypoint, "entrypoint is null"));
        cmd = List.copyOf(requireNonNull(cmd, "cmd is null"));
        env = List.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(workingDir, "workingDir is null");
        requireNonNull(user, "user is null");
        exposedPorts = Set.copyOf(requireNonNull(exposedPorts, "exposedPorts is null"));
        labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        requireNonNull(stopSignal, "stopSignal is null");
    }
}
