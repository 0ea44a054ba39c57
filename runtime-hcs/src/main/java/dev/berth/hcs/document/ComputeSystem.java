package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The document HcsCreateComputeSystem takes (hcsshim internal/hcs/schema2/compute_system.go). Exactly one of Container, VirtualMachine or HostedSystem is set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeSystem(
        @JsonProperty("Owner") String owner,
        @JsonProperty("SchemaVersion") SchemaVersion schemaVersion,
        @JsonProperty("HostingSystemId") String hostingSystemId,
        @JsonProperty("HostedSystem") HostedSystem hostedSystem,
        @JsonProperty("Container") Container container,
        @JsonProperty("VirtualMachine") VirtualMachine virtualMachine,
        @JsonProperty("ShouldTerminateOnLastHandleClosed") Boolean shouldTerminateOnLastHandleClosed)
{
}
