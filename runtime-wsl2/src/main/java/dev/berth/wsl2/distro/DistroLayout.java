package dev.berth.wsl2.distro;

import static java.util.Objects.requireNonNull;

import dev.berth.oci.monitor.ConmonFiles;

/**
 * Where the delegate keeps things inside the distro, as Linux paths under the state dir: one directory per
 * container (bundle and rootfs mount point, overlay upper and work dirs, conmon's exit and persist dirs and pid
 * files, the container log and the runtime's JSON log), and the image layers unpacked there.
 */
public record DistroLayout(String stateDir)
{
    public DistroLayout
    {
        requireNonNull(stateDir, "stateDir is null");
        if (!stateDir.startsWith("/")) {
            throw new IllegalArgumentException("state dir must be absolute inside the distro: " + stateDir);
        }
        stateDir = stateDir.replaceFirst("/+$", "");
    }

    public String container(String id)
    {
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..") || id.startsWith("-")) {
            throw new IllegalArgumentException("container id \"" + id + "\" cannot name a directory");
        }
        return stateDir + "/containers/" + id;
    }

    public String bundle(String id)
    {
        return container(id) + "/bundle";
    }

    public String rootfs(String id)
    {
        return bundle(id) + "/rootfs";
    }

    public String upper(String id)
    {
        return container(id) + "/upper";
    }

    public String work(String id)
    {
        return container(id) + "/work";
    }

    public String exitDir(String id)
    {
        return container(id) + "/exits";
    }

    public String exitFile(String id)
    {
        return exitDir(id) + "/" + id;
    }

    public String persistDir(String id)
    {
        return container(id) + "/persist";
    }

    public String oomFile(String id)
    {
        return persistDir(id) + "/oom";
    }

    public String containerPidFile(String id)
    {
        return container(id) + "/container.pid";
    }

    public String conmonPidFile(String id)
    {
        return container(id) + "/conmon.pid";
    }

    public String log(String id)
    {
        return container(id) + "/container.log";
    }

    public String runtimeLog(String id)
    {
        return container(id) + "/runtime.json";
    }

    /** The files conmon is told about. */
    public ConmonFiles conmonFiles(String id)
    {
        return new ConmonFiles(container(id), bundle(id), containerPidFile(id), conmonPidFile(id), exitDir(id), persistDir(id), log(id));
    }

    /** The runtime log for calls about ids with no directory. */
    public String sharedRuntimeLog()
    {
        return stateDir + "/runtime.json";
    }

    public String sockets()
    {
        return stateDir + "/sockets";
    }

    public String layers()
    {
        return stateDir + "/layers";
    }
}
