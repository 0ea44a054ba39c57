package dev.berth.bridge;

import dev.berth.core.spec.OsFamily;

/** The actionable messages for a service that no node can run. */
public final class PlacementMessages
{
    private PlacementMessages() {}

    /**
     * {@code no cluster node can run service 'X' (requires OS 'linux'): <reason>. Remedies: …}. For Linux the
     * remedies are the WSL2 delegate or a Linux peer; for Windows only a Windows peer helps, since a Linux node
     * cannot run Windows containers.
     */
    public static String noPeer(String service, String requiredOs, String reason)
    {
        String remedies = OsFamily.fromOciName(requiredOs).orElse(OsFamily.LINUX) == OsFamily.WINDOWS
                ? "Remedies: add a windows peer to the cluster (a Windows node with the HCS backend), or set platform.os "
                        + "to linux if the image has a Linux variant."
                : "Remedies: enable the WSL2 delegate on a Windows node, or add a linux peer to the cluster.";
        return "no cluster node can run service '" + service + "' (requires OS '" + requiredOs + "'): " + reason + ". "
                + remedies;
    }

    /**
     * The same when nodes serve the OS but none has the architecture the image or the spec needs ({@code arm64}, or
     * {@code arm64|ppc64le} from an image index).
     */
    public static String noPeerOfArch(String service, String requiredOs, String arch, String reason)
    {
        String platforms = String.join(" or ", java.util.Arrays.stream(arch.split("\\|")).map(one -> requiredOs + "/" + one).toList());
        return "no cluster node can run service '" + service + "' (requires " + platforms + "): " + reason + ". Remedies: add a "
                + platforms + " node to the cluster, or use an image built for the architecture of the cluster's " + requiredOs
                + " nodes (set platform.arch to it).";
    }
}
