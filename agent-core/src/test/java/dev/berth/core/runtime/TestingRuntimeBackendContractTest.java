package dev.berth.core.runtime;

import dev.berth.core.spec.OsFamily;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Holds the testing backend to the contract, so tests built on it stand on a backend that behaves like a real one. */
class TestingRuntimeBackendContractTest
        extends RuntimeBackendContractTest
{
    private static final PulledImage IMAGE = new PulledImage("busybox:test", "sha256:" + "0".repeat(64),
            ImagePlatform.of("linux", "amd64"), ImageConfig.EMPTY);

    private final TestingRuntimeBackend backend = new TestingRuntimeBackend("testing", Set.of(OsFamily.LINUX)).addImage(IMAGE);

    @Override
    protected RuntimeBackend backend()
    {
        return backend;
    }

    @Override
    protected PulledImage image()
    {
        return IMAGE;
    }

    /** A scripted fake runs no shell: it cannot fail on a missing executable, print its environment or pause. */
    @Override
    protected Optional<List<String>> missingExecutable()
    {
        return Optional.empty();
    }

    @Override
    protected Optional<List<String>> printEnvironmentAndUser(String variable)
    {
        return Optional.empty();
    }

    @Override
    protected Optional<List<String>> printWithPause(String first, String second)
    {
        return Optional.empty();
    }
}
