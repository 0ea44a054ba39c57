package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The HcsEnumerateComputeSystems query (schema2/system_query.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SystemQuery(
        @JsonProperty("Ids") List<String> ids,
        @JsonProperty("Types") List<String> types,
        @JsonProperty("Owners") List<String> owners)
{
}
