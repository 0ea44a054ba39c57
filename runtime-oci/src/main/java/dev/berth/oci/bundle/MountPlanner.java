package dev.berth.oci.bundle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.MountSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * The container's mounts: the standard proc, sysfs, dev, devpts, shm, mqueue and cgroup mounts, then the spec's
 * tmpfs mounts and its bind mounts, each bind only from under a host root the node allows.
 */
public final class MountPlanner
{
    private final List<Path> allowedBindRoots;
    private final BindSources sources;
    private final String id;

    public MountPlanner(List<Path> allowedBindRoots)
    {
        this(allowedBindRoots, BindSources.AS_CHECKED, "");
    }

    /** @param sources resolves and holds each checked bind source of container {@code id} */
    public MountPlanner(List<Path> allowedBindRoots, BindSources sources, String id)
    {
        this.allowedBindRoots = List.copyOf(requireNonNull(allowedBindRoots, "allowedBindRoots is null"));
        this.sources = requireNonNull(sources, "sources is null");
        this.id = requireNonNull(id, "id is null");
    }

    public void addMounts(ArrayNode mounts, List<MountSpec> specMounts)
    {
        add(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        add(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        add(mounts, "/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        add(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        add(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        add(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        add(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        for (int i = 0; i < specMounts.size(); i++) {
            MountSpec mount = specMounts.get(i);
            String field = "mounts[" + i + "]";
            if (!mount.target().startsWith("/")) {
                throw new InvalidSpec(field + ".target: \"" + mount.target() + "\" must be an absolute path in the container");
            }
            switch (mount.type()) {
                case TMPFS -> add(mounts, mount.target(), "tmpfs", "tmpfs", tmpfsOptions(mount));
                case BIND -> add(mounts, mount.target(), "bind", checkedSource(i, field, mount), List.of("rbind", "rprivate", mount.readOnly() ? "ro" : "rw"));
            }
        }
    }

    private static List<String> tmpfsOptions(MountSpec mount)
    {
        List<String> options = new java.util.ArrayList<>(List.of("nosuid", "nodev", "mode=1777"));
        if (mount.sizeBytes() > 0) {
            options.add("size=" + mount.sizeBytes());
        }
        if (mount.readOnly()) {
            options.add("ro");
        }
        return options;
    }

    private String checkedSource(int index, String field, MountSpec mount)
    {
        String source = mount.source();
        if (!source.startsWith("/")) {
            throw new InvalidSpec(field + ".source: \"" + source + "\" must be an absolute host path");
        }
        Path normalized = Path.of(source).normalize();
        for (Path root : allowedBindRoots) {
            if (normalized.startsWith(root)) {
                // the string says "under the root"; the kernel decides what the path names
                return sources.hold(id, index, field + " (" + source + " -> " + mount.target() + ")", normalized, root);
            }
        }
        throw new InvalidSpec(field + " (" + source + " -> " + mount.target() + "): the host path is not under an allowed bind root "
                + (allowedBindRoots.isEmpty() ? "(none configured: runtime.youki.allowed-bind-roots)" : allowedBindRoots.toString()));
    }

    private static void add(ArrayNode mounts, String destination, String type, String source, List<String> options)
    {
        ObjectNode mount = mounts.addObject();
        mount.put("destination", destination);
        mount.put("type", type);
        mount.put("source", source);
        ArrayNode array = mount.putArray("options");
        options.forEach(array::add);
    }
}
