package dev.berth.oci.bundle;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.spec.SecuritySpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Node policy on hardening: the defaults are always applied; a spec may relax them (privileged, cap-add, new
 * privileges, seccomp unconfined, devices) only when the node allows opting out. Dropping capabilities and a
 * read-only root only tighten, so they are always allowed.
 */
public record SecurityPolicy(boolean allowOptOut)
{
    /** @throws InvalidSpec naming every relaxed field when the node forbids relaxing */
    public void check(SecuritySpec security)
    {
        List<String> relaxed = new ArrayList<>();
        if (security.privileged()) {
            relaxed.add("security.privileged");
        }
        if (!security.capAdd().isEmpty()) {
            relaxed.add("security.capAdd " + security.capAdd());
        }
        if (!security.noNewPrivileges()) {
            relaxed.add("security.noNewPrivileges=false");
        }
        if (security.seccomp().equals(SecuritySpec.SECCOMP_UNCONFINED)) {
            relaxed.add("security.seccomp=unconfined");
        }
        if (!security.devices().isEmpty()) {
            relaxed.add("security.devices " + security.devices());
        }
        if (!relaxed.isEmpty() && !allowOptOut) {
            throw new InvalidSpec(String.join(", ", relaxed) + ": this node's policy does not allow relaxing container hardening"
                    + " (runtime.youki.allow-hardening-opt-out=false)");
        }
        if (!security.seccomp().equals(SecuritySpec.SECCOMP_DEFAULT) && !security.seccomp().equals(SecuritySpec.SECCOMP_UNCONFINED)) {
            throw new InvalidSpec("security.seccomp: \"" + security.seccomp() + "\" is not supported (default or unconfined)");
        }
    }

    /** The container's capabilities: runc's defaults (or all when privileged), plus cap-add, less cap-drop. */
    public static Set<String> capabilities(SecuritySpec security)
    {
        Set<String> capabilities = new LinkedHashSet<>(security.privileged() ? Hardening.ALL_CAPABILITIES : Hardening.DEFAULT_CAPABILITIES);
        security.capAdd().forEach(cap -> capabilities.add(normalize(cap, "security.capAdd")));
        boolean dropAll = security.capDrop().stream().anyMatch(cap -> cap.equalsIgnoreCase("ALL"));
        if (dropAll) {
            capabilities.clear();
            security.capAdd().forEach(cap -> capabilities.add(normalize(cap, "security.capAdd")));
        }
        else {
            security.capDrop().forEach(cap -> capabilities.remove(normalize(cap, "security.capDrop")));
        }
        return Set.copyOf(capabilities);
    }

    private static String normalize(String cap, String field)
    {
        String upper = cap.trim().toUpperCase(Locale.ROOT);
        String name = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!Hardening.ALL_CAPABILITIES.contains(name)) {
            throw new InvalidSpec(field + ": \"" + cap + "\" is not a Linux capability");
        }
        return name;
    }
}
