package dev.berth.gpu.edit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes to make to a container's OCI config so it can use a device, in the shape of CDI's
 * {@code containerEdits}: environment ({@code NAME=value}), device nodes, mounts, hooks and additional groups.
 * {@code hostIpc} goes beyond CDI: NVIDIA MPS clients must share the IPC namespace (and {@code /dev/shm}) with the
 * MPS control daemon.
 */
public record ContainerEdits(
        List<String> env,
        List<DeviceNode> deviceNodes,
        List<MountEdit> mounts,
        List<HookEdit> hooks,
        List<Integer> additionalGids,
        boolean hostIpc)
{
    public static final ContainerEdits NONE = new ContainerEdits(List.of(), List.of(), List.of(), List.of(), List.of(), false);

    public ContainerEdits
    {
        env = List.copyOf(requireNonNull(env, "env is null"));
        deviceNodes = List.copyOf(requireNonNull(deviceNodes, "deviceNodes is null"));
        mounts = List.copyOf(requireNonNull(mounts, "mounts is null"));
        hooks = List.copyOf(requireNonNull(hooks, "hooks is null"));
        additionalGids = List.copyOf(requireNonNull(additionalGids, "additionalGids is null"));
    }

    public boolean isEmpty()
    {
        return equals(NONE);
    }

    /** These edits followed by {@code other}'s; a later env entry for the same name wins when applied. */
    public ContainerEdits plus(ContainerEdits other)
    {
        requireNonNull(other, "other is null");
        return new ContainerEdits(concat(env, other.env), concat(deviceNodes, other.deviceNodes), concat(mounts, other.mounts),
                concat(hooks, other.hooks), concat(additionalGids, other.additionalGids), hostIpc || other.hostIpc);
    }

    public static ContainerEdits ofEnv(List<String> env)
    {
        return new ContainerEdits(env, List.of(), List.of(), List.of(), List.of(), false);
    }

    private static <T> List<T> concat(List<T> first, List<T> second)
    {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
