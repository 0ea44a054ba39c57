/**
 * The host operations around a container that are not the OCI runtime's (directories, the overlay root file system,
 * persistent network namespaces), behind {@link dev.berth.oci.linux.HostFilesystem}: as system calls through JNA
 * ({@link dev.berth.oci.linux.NativeHostFilesystem} over the {@link dev.berth.oci.linux.LibC} binding) on the
 * agent's own Linux host, or as commands through a {@link dev.berth.oci.process.CommandTransport}
 * ({@link dev.berth.oci.linux.CommandHostFilesystem}) where the backend drives another host, such as a WSL2 distro.
 *
 * <p>libc is loaded only on Linux and only when first needed ({@link dev.berth.oci.linux.LazyLibC}); no class here
 * touches native code when it is initialised.
 */
package dev.berth.oci.linux;
