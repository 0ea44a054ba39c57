package dev.berth.youki.network;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.Network;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads and repairs the nat rules the bridge and portmap plugins write, where the plugins themselves fall short:
 * <ul>
 * <li>portmap 1.1.1 (Debian 12) cannot CHECK an IPv4-only attachment: it looks for IPv6 rules it never wrote
 * (containernetworking/plugins#819, fixed in later releases), so berth verifies the per-container jump in
 * {@code CNI-HOSTPORT-DNAT} itself;</li>
 * <li>the bridge plugin finds the masquerade rules to remove through the addresses on the container's interface, so
 * when that interface is already gone its DEL succeeds and leaves the rules behind; berth sweeps them by their tag.</li>
 * </ul>
 * Both plugins tag their rules with the comment {@code name: "<network>" id: "<container>"}.
 */
public final class NatRules
{
    private static final Logger log = LogManager.getLogger(NatRules.class);
    static final String PORTMAP = "portmap";
    private static final String HOSTPORT_CHAIN = "CNI-HOSTPORT-DNAT";

    private final CommandRunner runner;

    public NatRules(CommandRunner runner)
    {
        this.runner = requireNonNull(runner, "runner is null");
    }

    /** @throws Network when no DNAT rule tagged with this network and container is in place */
    public void verifyPublished(String networkName, String containerId)
    {
        CommandResult rules = runner.run(List.of("iptables", "-w", "-t", "nat", "-S", HOSTPORT_CHAIN));
        if (!rules.succeeded()) {
            throw new Network("published ports of container " + containerId + " are not in place: " + rules.describe());
        }
        boolean present = rules.stdout().lines().anyMatch(line -> line.startsWith("-A " + HOSTPORT_CHAIN + " ") && line.contains(tag(networkName, containerId)));
        if (!present) {
            throw new Network("published ports of container " + containerId + " are not in place: no " + HOSTPORT_CHAIN
                    + " rule for network " + networkName);
        }
    }

    /**
     * Removes the container's masquerade jumps from POSTROUTING and the chains they lead to, if any are left.
     *
     * @throws Network when iptables refuses
     */
    public void sweepMasquerade(String networkName, String containerId)
    {
        String purpose = "cannot remove the masquerade rules of container " + containerId;
        List<String> rules = runner.runChecked(purpose, List.of("iptables", "-w", "-t", "nat", "-S", "POSTROUTING")).stdout().lines()
                .filter(line -> line.startsWith("-A POSTROUTING "))
                .toList();
        String tag = tag(networkName, containerId);
        List<Integer> numbers = new ArrayList<>();
        List<String> chains = new ArrayList<>();
        for (int index = 0; index < rules.size(); index++) {
            String rule = rules.get(index);
            int jump = rule.lastIndexOf(" -j CNI-");
            if (rule.contains(tag) && jump >= 0) {
                numbers.add(index + 1);
                chains.add(rule.substring(jump + 4).strip());
            }
        }
        // Highest number first, so the numbers of the rules still to delete stay valid.
        Collections.reverse(numbers);
        for (int number : numbers) {
            runner.runChecked(purpose, List.of("iptables", "-w", "-t", "nat", "-D", "POSTROUTING", String.valueOf(number)));
        }
        for (String chain : chains) {
            runner.runChecked(purpose, List.of("iptables", "-w", "-t", "nat", "-F", chain));
            runner.runChecked(purpose, List.of("iptables", "-w", "-t", "nat", "-X", chain));
        }
        if (!chains.isEmpty()) {
            log.warn("removed masquerade rules the bridge plugin left behind for {}: {}", containerId, chains);
        }
    }

    private static String tag(String networkName, String containerId)
    {
        return "name: \\\"" + networkName + "\\\" id: \\\"" + containerId + "\\\"";
    }
}
