package dev.berth.gpu.edit;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A mount to add to the container, as CDI's {@code mounts} entry; a bind unless {@code type} says otherwise. */
public record MountEdit(String hostPath, String containerPath, String type, List<String> options)
{
    public MountEdit
    {
        requireNonNull(hostPath, "hostPath is null");
        requireNonNull(containerPath, "containerPath is null");
        requireNonNull(type, "type is null");
        options = List.copyOf(requireNonNull(options, "options is null"));
    }

    public static MountEdit bind(String hostPath, String containerPath, boolean readOnly)
    {
        return new MountEdit(hostPath, containerPath, "bind", List.of("rbind", "nosuid", readOnly ? "ro" : "rw"));
    }

    public boolean readOnly()
    {
        return options.contains("ro");
    }
}
