package dev.berth.hcs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.hcs.document.IsolationMode;

/**
 * What the backend keeps on disk of one container, beside what HCS knows: enough for a later backend instance (the
 * next agent run) to report it, adopt its compute system, and clean up its scratch layer on remove. HCS forgets a
 * system once it has stopped and its last handle is closed, so a container that failed or exited, or whose agent
 * died, exists afterwards only here.
 *
 * @param scratchPath the process-isolated scratch layer's folder, or null
 * @param scratchMounted whether that scratch layer is still activated and prepared (false once released)
 * @param utilityVmId the Hyper-V utility VM's compute system id, or null
 * @param pid the init process's id once started, or null
 * @param exitCode the init process's exit code once seen, or null
 * @param failure why creating or starting it failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ContainerRecord(
        @JsonProperty("id") String id,
        @JsonProperty("service") String service,
        @JsonProperty("isolation") IsolationMode isolation,
        @JsonProperty("initParameters") String initParameters,
        @JsonProperty("scratchPath") String scratchPath,
        @JsonProperty("scratchMounted") boolean scratchMounted,
        @JsonProperty("utilityVmId") String utilityVmId,
        @JsonProperty("pid") Long pid,
        @JsonProperty("exitCode") Integer exitCode,
        @JsonProperty("failure") String failure)
{
    ContainerRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(service, "service is null");
        requireNonNull(isolation, "isolation is null");
        requireNonNull(initParameters, "initParameters is null");
    }

    static ContainerRecord of(TrackedContainer container)
    {
        return new ContainerRecord(container.id, container.service, container.isolation, container.initParameters, container.scratchPath.orElse(null),
                container.scratchPath.isPresent(), container.utilityVm.map(SystemHandle::id).orElse(null), null, null, null);
    }

    ContainerRecord withPid(long processId)
    {
        return new ContainerRecord(id, service, isolation, initParameters, scratchPath, scratchMounted, utilityVmId, processId, exitCode, failure);
    }

    ContainerRecord withExit(int code)
    {
        return new ContainerRecord(id, service, isolation, initParameters, scratchPath, scratchMounted, utilityVmId, pid, code, failure);
    }

    /** A create that failed after its scratch layer was made: the layer is kept, released, as evidence. */
    static ContainerRecord failedCreate(String id, String service, IsolationMode isolation, String initParameters, String scratchPath, String failure)
    {
        return new ContainerRecord(id, service, isolation, initParameters, scratchPath, false, null, null, null, requireNonNull(failure, "failure is null"));
    }

    ContainerRecord withFailure(String reason)
    {
        return new ContainerRecord(id, service, isolation, initParameters, scratchPath, scratchMounted, utilityVmId, pid, exitCode,
                requireNonNull(reason, "reason is null"));
    }
}
