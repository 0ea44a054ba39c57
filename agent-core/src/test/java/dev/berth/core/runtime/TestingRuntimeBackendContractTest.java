package dev.berth.core.runtime;

import dev.berth.core.spec.OsFamily;

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
}
