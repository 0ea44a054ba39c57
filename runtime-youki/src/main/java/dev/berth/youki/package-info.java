/**
 * The Linux backend: containers run by an OCI runtime (youki, runc or crun; {@code runtime.youki.flavor}) under
 * conmon, with overlay root filesystems on the image store's unpacked layers.
 *
 * <p>Pieces other modules reuse:
 * <ul>
 * <li>{@link dev.berth.oci.process.CommandTransport}: where commands run (this host, or a WSL2 distro);</li>
 * <li>{@link dev.berth.oci.runtime.OciRuntime}: the runtime CLI driver, with an explicit root and log paths;</li>
 * <li>{@link dev.berth.oci.bundle.BundleBuilder} and {@link dev.berth.oci.bundle.RootfsMounter}: OCI configs
 * and overlay roots from a service spec and image;</li>
 * <li>{@link dev.berth.oci.bundle.OciConfigCustomizer}: the Guice-multibound hook where CDI/GPU edits apply;</li>
 * <li>{@link dev.berth.oci.ContainerNetwork}: the network hook, bound by the CNI module.</li>
 * </ul>
 *
 * <p>On-disk layout under {@code runtime.youki.state-dir}: {@code containers/ID/} holds {@code record.json},
 * {@code bundle/} (config.json, rootfs mount point), {@code upper/}, {@code work/}, {@code exits/ID} (conmon's
 * exit status), {@code persist/} (conmon's exit and oom files), {@code container.log} (k8s-file),
 * {@code runtime.json} (the runtime's JSON log) and the pid files. Nothing is deleted on failure; remove deletes it.
 */
package dev.berth.youki;
