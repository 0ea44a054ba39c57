package dev.berth.bridge.placement;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.AssignmentOutcome;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.RouteToPeer;
import dev.berth.core.error.WrongPlatform;

/**
 * A node's report on a service at a generation. For a signal, {@code requiredOs} is the OS the workload turned
 * out to need (empty when unknown), {@code requiredArch} the architectures its image offers when they were what did
 * not fit ({@code arm64}, or {@code arm64|ppc64le} from an index; empty otherwise) and {@code reason} the node's
 * explanation; for a failure, the error's code and message.
 */
public record NodeReport(String service, String node, long generation, ReportOutcome outcome, String requiredOs, String code,
        String reason, String requiredArch)
{
    public NodeReport
    {
        // reports written before requiredArch existed have none
        requiredArch = requiredArch == null ? "" : requiredArch;
        requireNonNull(service, "service is null");
        requireNonNull(node, "node is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(requiredOs, "requiredOs is null");
        requireNonNull(code, "code is null");
        requireNonNull(reason, "reason is null");
    }

    public static NodeReport of(String service, String node, long generation, AssignmentOutcome outcome)
    {
        if (outcome instanceof AssignmentOutcome.Signalled signalled) {
            return signal(service, node, generation, signalled.signal().asError());
        }
        if (outcome instanceof AssignmentOutcome.Failed failed) {
            return new NodeReport(service, node, generation, ReportOutcome.FAILED, "", failed.error().code().name(),
                    failed.error().getMessage(), "");
        }
        return new NodeReport(service, node, generation, ReportOutcome.RUNNING, "", "", "", "");
    }

    private static NodeReport signal(String service, String node, long generation, AgentError error)
    {
        if (error instanceof RouteToPeer route) {
            return new NodeReport(service, node, generation, ReportOutcome.SIGNAL, route.requiredOs(), error.code().name(), route.reason(), "");
        }
        WrongPlatform wrong = (WrongPlatform) error;
        // the OS the image needs, whichever part of the platform did not fit here
        return new NodeReport(service, node, generation, ReportOutcome.SIGNAL, wrong.imageOs(), error.code().name(), error.getMessage(),
                wrong.dimension().equals(WrongPlatform.ARCH) ? wrong.actual() : "");
    }
}
