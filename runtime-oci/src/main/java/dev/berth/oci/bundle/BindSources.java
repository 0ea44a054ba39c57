package dev.berth.oci.bundle;

import java.nio.file.Path;

/**
 * Turns a spec's bind-mount source, already checked as a string to lie under an allowed root, into the host path the
 * runtime mounts. The kernel follows symbolic links where a string check does not, and a container that can write
 * under an allowed root can plant or swap one, so the local backend resolves the source beneath its root and holds
 * what it found ({@code BindStaging}) until the container is removed.
 */
public interface BindSources
{
    /**
     * The string check alone, for a backend whose files live elsewhere (the WSL2 delegate's distro): the source as
     * given. It does not stop a symbolic link under the root.
     */
    BindSources AS_CHECKED = new BindSources()
    {
        @Override
        public String hold(String id, int index, String field, Path source, Path root)
        {
            return source.toString();
        }

        @Override
        public void release(String id)
        {
            // nothing held
        }
    };

    /**
     * @param index the mount's position in the spec, unique within the container
     * @param field the spec field for messages, {@code mounts[2]}
     * @param source the normalised absolute source, under {@code root}
     * @param root the allowed bind root the source lies under
     * @return the path the runtime should bind-mount
     * @throws dev.berth.core.error.InvalidSpec naming {@code field} when the source leaves the root or is missing
     */
    String hold(String id, int index, String field, Path source, Path root);

    /** Lets go of everything held for {@code id}; it must be done before the container's directory is deleted. */
    void release(String id);
}
