package dev.berth.gpu.cdi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.error.Configuration;
import dev.berth.gpu.edit.ContainerEdits;
import dev.berth.gpu.edit.DeviceNode;
import dev.berth.gpu.edit.HookEdit;
import dev.berth.gpu.edit.MountEdit;
import dev.berth.gpu.host.FileStat;
import dev.berth.gpu.host.HostView;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns a CDI {@code containerEdits} object into {@link ContainerEdits}. A device node without type or numbers is
 * stat'ed on the host, as CDI requires of runtimes; one that is not there is an error, never skipped.
 */
final class CdiEditsReader
{
    private final HostView host;

    CdiEditsReader(HostView host)
    {
        this.host = requireNonNull(host, "host is null");
    }

    ContainerEdits read(JsonNode edits, String device, String source)
    {
        if (edits.isArray()) {
            ContainerEdits all = ContainerEdits.NONE;
            for (JsonNode each : edits) {
                all = all.plus(read(each, device, source));
            }
            return all;
        }
        if (!edits.isObject()) {
            return ContainerEdits.NONE;
        }
        List<String> env = texts(edits.path("env"));
        List<DeviceNode> nodes = new ArrayList<>();
        for (JsonNode node : edits.path("deviceNodes")) {
            nodes.add(deviceNode(node, device, source));
        }
        List<MountEdit> mounts = new ArrayList<>();
        for (JsonNode mount : edits.path("mounts")) {
            mounts.add(new MountEdit(required(mount, "hostPath", device, source), required(mount, "containerPath", device, source),
                    mount.path("type").asText("bind"), texts(mount.path("options"))));
        }
        List<HookEdit> hooks = new ArrayList<>();
        for (JsonNode hook : edits.path("hooks")) {
            String name = required(hook, "hookName", device, source);
            if (!HookEdit.OCI_HOOKS.contains(name)) {
                throw new Configuration(source + ": hook '" + name + "' of " + device + " is not an OCI hook " + HookEdit.OCI_HOOKS);
            }
            hooks.add(new HookEdit(name, required(hook, "path", device, source), texts(hook.path("args")), texts(hook.path("env")),
                    optionalInt(hook, "timeout")));
        }
        List<Integer> gids = new ArrayList<>();
        for (JsonNode gid : edits.path("additionalGids")) {
            gids.add(gid.asInt());
        }
        return new ContainerEdits(env, nodes, mounts, hooks, gids, false);
    }

    private DeviceNode deviceNode(JsonNode node, String device, String source)
    {
        String path = required(node, "path", device, source);
        String hostPath = node.path("hostPath").asText(path);
        String type = node.path("type").asText("");
        OptionalInt major = optionalInt(node, "major");
        OptionalInt minor = optionalInt(node, "minor");
        if (type.isEmpty() || major.isEmpty() || minor.isEmpty()) {
            FileStat stat = host.stat(hostPath).orElseThrow(() -> new Configuration(
                    "device node " + hostPath + " of CDI device " + device + " (" + source + ") does not exist on " + host.describe()));
            if (!stat.isDevice()) {
                throw new Configuration("device node " + hostPath + " of CDI device " + device + " (" + source + ") is a "
                        + stat.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a device, on " + host.describe());
            }
            type = type.isEmpty() ? stat.type().ociDeviceType() : type;
            major = major.isPresent() ? major : OptionalInt.of(stat.major());
            minor = minor.isPresent() ? minor : OptionalInt.of(stat.minor());
        }
        return new DeviceNode(path, hostPath, type, major.getAsInt(), minor.getAsInt(), node.path("permissions").asText("rwm"),
                optionalInt(node, "fileMode"), optionalInt(node, "uid"), optionalInt(node, "gid"));
    }

    private static String required(JsonNode node, String field, String device, String source)
    {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new Configuration(source + ": an edit of CDI device " + device + " has no " + field);
        }
        return value.asText();
    }

    private static OptionalInt optionalInt(JsonNode node, String field)
    {
        JsonNode value = node.path(field);
        return value.isNumber() ? OptionalInt.of(value.asInt()) : OptionalInt.empty();
    }

    private static List<String> texts(JsonNode array)
    {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
