package dev.berth.hcs.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The query HcsGetComputeSystemProperties takes (schema2/property_query.go). Id, SystemType, Owner and State come
 * back for every query; {@code PropertyTypes} asks for more (schema2/property_type.go: Memory, Statistics,
 * ProcessList, TerminateOnLastHandleClosed...). Empty, it serialises to {@code {}}, as hcsshim sends it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PropertyQuery(@JsonProperty("PropertyTypes") List<String> propertyTypes)
{
    public PropertyQuery
    {
        propertyTypes = List.copyOf(propertyTypes);
    }
}
