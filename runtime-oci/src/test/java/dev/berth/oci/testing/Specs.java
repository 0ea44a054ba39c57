package dev.berth.oci.testing;

import dev.berth.core.spec.MountSpec;
import dev.berth.core.spec.Resources;
import dev.berth.core.spec.SecuritySpec;
import dev.berth.core.spec.ServiceSpec;

import java.util.List;

/** Variations on a minimal spec for tests. */
public final class Specs
{
    /** The busybox image the test image services hold. */
    public static final String BUSYBOX = "busybox:test";

    private Specs() {}

    public static ServiceSpec of(String name, String... args)
    {
        return ServiceSpec.of(name, BUSYBOX, List.of(args));
    }

    public static ServiceSpec withResources(ServiceSpec s, Resources resources)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), s.env(), s.secretEnv(), s.workingDir(), s.user(), s.tty(), s.ports(),
                s.mounts(), s.network(), resources, s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), s.security(), s.startTimeout(), s.stopGrace());
    }

    public static ServiceSpec withMounts(ServiceSpec s, List<MountSpec> mounts)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), s.env(), s.secretEnv(), s.workingDir(), s.user(), s.tty(), s.ports(),
                mounts, s.network(), s.resources(), s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), s.security(), s.startTimeout(), s.stopGrace());
    }

    public static ServiceSpec withSecurity(ServiceSpec s, SecuritySpec security)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), s.env(), s.secretEnv(), s.workingDir(), s.user(), s.tty(), s.ports(),
                s.mounts(), s.network(), s.resources(), s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), security, s.startTimeout(), s.stopGrace());
    }

    public static ServiceSpec withUser(ServiceSpec s, String user)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), s.env(), s.secretEnv(), s.workingDir(), user, s.tty(), s.ports(),
                s.mounts(), s.network(), s.resources(), s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), s.security(), s.startTimeout(), s.stopGrace());
    }

    public static ServiceSpec withTty(ServiceSpec s)
    {
        return new ServiceSpec(s.name(), s.image(), s.command(), s.args(), s.env(), s.secretEnv(), s.workingDir(), s.user(), true, s.ports(),
                s.mounts(), s.network(), s.resources(), s.platform(), s.isolation(), s.runtime(), s.labels(), s.health(), s.init(), s.initPolicy(),
                s.depends(), s.restart(), s.replicas(), s.security(), s.startTimeout(), s.stopGrace());
    }
}
