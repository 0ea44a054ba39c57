package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

/**
 * The runtime parameters of one CNI plugin call (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME).
 *
 * @param namespacePath the network namespace's path; empty when it is already gone (DEL)
 */
public record CniInvocation(String containerId, String namespacePath, String interfaceName)
{
    public CniInvocation
    {
        requireNonNull(containerId, "containerId is null");
        requireNonNull(namespacePath, "namespacePath is null");
        requireNonNull(interfaceName, "interfaceName is null");
    }
}
