package dev.berth.hcs.document;

import dev.berth.core.platform.HostPlatform;
import dev.berth.core.runtime.ImagePlatform;
import dev.berth.core.spec.Isolation;

import java.util.Optional;

/**
 * Resolves isolation: an explicit {@code process} or {@code hyperv} stands; {@code auto} is process isolation when the
 * image's os.version build equals the host's build, Hyper-V otherwise (Windows runs a process-isolated container only
 * on its own build).
 */
public final class IsolationChooser
{
    private IsolationChooser() {}

    /**
     * @param requested the spec's isolation, with the backend's default already applied to {@code auto}
     */
    public static IsolationMode choose(Isolation requested, ImagePlatform image, HostPlatform host)
    {
        return switch (requested) {
            case PROCESS -> IsolationMode.PROCESS;
            case HYPERV -> IsolationMode.HYPERV;
            case AUTO -> sameBuild(image.osVersion(), host.buildNumber()) ? IsolationMode.PROCESS : IsolationMode.HYPERV;
        };
    }

    static boolean sameBuild(Optional<String> imageVersion, Optional<String> hostBuild)
    {
        if (imageVersion.isEmpty() || hostBuild.isEmpty()) {
            return false;
        }
        return HostPlatform.buildOf(imageVersion.get()).equals(hostBuild.get());
    }
}
