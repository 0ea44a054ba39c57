package dev.berth.gpu.edit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;

/**
 * Applies {@link ContainerEdits} to an OCI runtime config ({@code config.json}) held as a Jackson tree, the way
 * CDI's reference implementation does: env entries replace same-named ones, device nodes are created and allowed
 * in the device cgroup, mounts replace any mount at the same destination, hooks are appended to their OCI list.
 */
public final class OciConfigEditor
{
    private OciConfigEditor() {}

    public static void apply(ObjectNode config, ContainerEdits edits)
    {
        requireNonNull(config, "config is null");
        requireNonNull(edits, "edits is null");
        if (edits.isEmpty()) {
            return;
        }
        ObjectNode process = object(config, "process");
        ArrayNode env = array(process, "env");
        edits.env().forEach(entry -> setEnv(env, entry));

        ObjectNode linux = object(config, "linux");
        ArrayNode devices = array(linux, "devices");
        ArrayNode allowed = array(object(linux, "resources"), "devices");
        for (DeviceNode node : edits.deviceNodes()) {
            removeWhere(devices, "path", node.path());
            ObjectNode device = devices.addObject()
                    .put("path", node.path())
                    .put("type", node.type())
                    .put("major", node.major())
                    .put("minor", node.minor());
            node.fileMode().ifPresent(mode -> device.put("fileMode", mode));
            node.uid().ifPresent(uid -> device.put("uid", uid));
            node.gid().ifPresent(gid -> device.put("gid", gid));
            allowed.addObject()
                    .put("allow", true)
                    .put("type", node.type())
                    .put("major", node.major())
                    .put("minor", node.minor())
                    .put("access", node.permissions().isEmpty() ? "rwm" : node.permissions());
        }

        ArrayNode mounts = array(config, "mounts");
        for (MountEdit mount : edits.mounts()) {
            removeWhere(mounts, "destination", mount.containerPath());
            ObjectNode added = mounts.addObject()
                    .put("destination", mount.containerPath())
                    .put("type", mount.type())
                    .put("source", mount.hostPath());
            ArrayNode options = added.putArray("options");
            mount.options().forEach(options::add);
        }

        if (!edits.hooks().isEmpty()) {
            ObjectNode hooks = object(config, "hooks");
            for (HookEdit hook : edits.hooks()) {
                ObjectNode added = array(hooks, hook.hookName()).addObject().put("path", hook.path());
                if (!hook.args().isEmpty()) {
                    hook.args().forEach(added.putArray("args")::add);
                }
                if (!hook.env().isEmpty()) {
                    hook.env().forEach(added.putArray("env")::add);
                }
                hook.timeoutSeconds().ifPresent(timeout -> added.put("timeout", timeout));
            }
        }

        if (!edits.additionalGids().isEmpty()) {
            ArrayNode gids = array(object(process, "user"), "additionalGids");
            for (int gid : edits.additionalGids()) {
                if (gid != 0 && !contains(gids, gid)) {
                    gids.add(gid);
                }
            }
        }

        if (edits.hostIpc()) {
            removeWhere(array(linux, "namespaces"), "type", "ipc");
            removeWhere(mounts, "destination", "/dev/shm");
            mounts.addObject().put("destination", "/dev/shm").put("type", "bind").put("source", "/dev/shm")
                    .putArray("options").add("rbind").add("nosuid").add("nodev").add("rw");
        }
    }

    private static void setEnv(ArrayNode env, String entry)
    {
        int equals = entry.indexOf('=');
        String prefix = (equals < 0 ? entry : entry.substring(0, equals)) + "=";
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).asText().startsWith(prefix)) {
                env.set(i, env.textNode(entry));
                return;
            }
        }
        env.add(entry);
    }

    private static boolean contains(ArrayNode array, int value)
    {
        for (JsonNode node : array) {
            if (node.asInt() == value) {
                return true;
            }
        }
        return false;
    }

    private static void removeWhere(ArrayNode array, String field, String value)
    {
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            if (value.equals(it.next().path(field).asText(null))) {
                it.remove();
            }
        }
    }

    private static ObjectNode object(ObjectNode parent, String field)
    {
        JsonNode node = parent.get(field);
        return node instanceof ObjectNode object ? object : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field)
    {
        JsonNode node = parent.get(field);
        return node instanceof ArrayNode array ? array : parent.putArray(field);
    }
}
