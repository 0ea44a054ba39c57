package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The containers network namespace (schema2/networking.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Networking(
        @JsonProperty("AllowUnqualifiedDnsQuery") Boolean allowUnqualifiedDnsQuery,
        @JsonProperty("Namespace") String namespace)
{
}
