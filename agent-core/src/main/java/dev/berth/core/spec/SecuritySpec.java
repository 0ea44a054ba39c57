package dev.berth.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Opt-outs from the default hardening. The defaults are the hardened values; node policy decides
 * whether a spec may relax them.
 */
public record SecuritySpec(
        boolean privileged,
        List<String> capAdd,
        List<String> capDrop,
        boolean noNewPrivileges,
        String seccomp,
        boolean readOnlyRootfs,
        List<String> devices)
{
    public static final String SECCOMP_DEFAULT = "default";
    public static final String SECCOMP_UNCONFINED = "unconfined";
    public static final SecuritySpec DEFAULT = new SecuritySpec(false, List.of(), List.of(), true, SECCOMP_DEFAULT, false, List.of());

    public SecuritySpec
    {
        capAdd = List.copyOf(requireNonNull(capAdd, "capAdd is null"));
        capDrop = List.copyOf(requireNonNull(capDrop, "capDrop is null"));
        requireNonNull(seccomp, "seccomp is null");
        devices = List.copyOf(requireNonNull(devices, "devices is null"));
    }
}
