/**
 * Container networking for the youki backend, on the standard CNI plugins (Debian's containernetworking-plugins).
 *
 * <h2>Modes</h2>
 * <ul>
 * <li>{@code none}: a fresh network namespace with only loopback, up. On the agent's own host it is made in-process
 * (unshare(2) on a short-lived thread, SIOCSIFFLAGS on {@code lo}, a bind mount of the thread's namespace); through a
 * command transport by {@code unshare} and the loopback plugin.</li>
 * <li>{@code bridge}: a namespace with loopback, joined to the node bridge ({@code runtime.youki.network.bridge}) by
 * the bridge plugin with host-local IPAM on {@code runtime.youki.network.subnet}; published ports through portmap;
 * forwarding allowed by the firewall plugin.</li>
 * <li>{@code host}: no namespace; the OCI config has no network namespace entry.</li>
 * </ul>
 *
 * <h2>State ({@code runtime.youki.network.state-dir}, default /run/berth/network)</h2>
 * <ul>
 * <li>{@code attachments/<id>.json}: written before anything is set up, completed after; holds the plugin
 * configurations as applied and the CNI result, which DEL and CHECK get as prevResult.</li>
 * <li>{@code netns/<id>}: the namespace, a bind-mounted nsfs file; {@code netns} is a shared mount of itself.</li>
 * <li>{@code ipam/<network>/}: host-local's leases.</li>
 * <li>{@code files/<id>/}: the container's hosts and resolv.conf.</li>
 * </ul>
 *
 * <h2>What the plugins change on the host</h2>
 * The bridge (created on first use, never deleted), {@code net.ipv4.ip_forward=1} (bridge plugin, isGateway),
 * {@code route_localnet=1} on the bridge (portmap's snat, and berth makes sure of it: without it and the loopback
 * masquerade, 127.0.0.1:hostPort never reaches the container), per-container nat chains (removed on DEL) and the
 * shared chains CNI-HOSTPORT-* (nat) and CNI-FORWARD/CNI-ADMIN (filter), which stay.
 */
package dev.berth.youki.network;
