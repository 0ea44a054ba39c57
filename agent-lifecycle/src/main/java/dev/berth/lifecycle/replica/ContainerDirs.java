package dev.berth.lifecycle.replica;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The lifecycle's directory per container, {@code <data-dir>/lifecycle/<id>}: its log dir as far as the lifecycle
 * knows, where a failed boot leaves {@code boot-error.json}. Passed to the backend as the
 * {@value #LOG_DIR_ANNOTATION} annotation.
 */
public final class ContainerDirs
{
    public static final String LOG_DIR_ANNOTATION = "berth.log-dir";
    public static final String SERVICE_ANNOTATION = "berth.service";
    public static final String REPLICA_ANNOTATION = "berth.replica";

    private final Path root;

    public ContainerDirs(Path dataDir)
    {
        this.root = requireNonNull(dataDir, "dataDir is null").resolve("lifecycle");
    }

    public Path of(String id)
    {
        return root.resolve(id);
    }
}
