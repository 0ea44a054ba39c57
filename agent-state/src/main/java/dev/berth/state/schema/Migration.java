package dev.berth.state.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The statements that take a store from version {@code version - 1} to {@code version}. */
public record Migration(int version, String description, List<String> statements)
{
    public Migration
    {
        requireNonNull(description, "description is null");
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
    }
}
