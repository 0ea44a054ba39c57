/**
 * The Linux backend: runtime-oci's {@link dev.berth.oci.OciBackend} on this host, its containers run by an OCI
 * runtime (youki, runc or crun; {@code runtime.youki.flavor}) under conmon, with overlay root filesystems on the
 * image store's unpacked layers. This module holds what is particular to this host: the plugin and its config,
 * the {@link dev.berth.youki.LocalContainerHost} (files read in-process, conmon's processes seen in {@code /proc},
 * stats from the cgroups), CNI networking ({@code network}) and GPU delivery through CDI ({@code gpu}).
 *
 * <p>On-disk layout under {@code runtime.youki.state-dir}: {@code containers/ID/} holds {@code record.json},
 * {@code bundle/} (config.json, rootfs mount point), {@code upper/}, {@code work/}, {@code exits/ID} (conmon's
 * exit status), {@code persist/} (conmon's exit and oom files), {@code container.log} (k8s-file),
 * {@code runtime.json} (the runtime's JSON log) and the pid files. Nothing is deleted on failure; remove deletes it.
 */
package dev.berth.youki;
