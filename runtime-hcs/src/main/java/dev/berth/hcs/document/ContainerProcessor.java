package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Container CPU: Count, Maximum (cycles per 10,000) and Weight are mutually exclusive (schema2/container_processor.go). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerProcessor(
        @JsonProperty("Count") Integer count,
        @JsonProperty("Maximum") Long maximum,
        @JsonProperty("Weight") Long weight)
{
}
