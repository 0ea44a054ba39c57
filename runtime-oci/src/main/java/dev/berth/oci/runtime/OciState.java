package dev.berth.oci.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A container's state as the runtime's {@code state} command prints it, limited to the fields youki prints too.
 *
 * @param status created, running, stopped, paused (or creating)
 * @param pid the init process, 0 when there is none
 */
public record OciState(String ociVersion, String id, String status, long pid, String bundle, Map<String, String> annotations)
{
    public OciState
    {
        requireNonNull(ociVersion, "ociVersion is null");
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(bundle, "bundle is null");
        annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
    }
}
