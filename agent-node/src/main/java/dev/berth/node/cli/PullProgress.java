package dev.berth.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Shows a pull's progress events: {@code {event: started|progress|finished, digest, done, total}}. */
interface PullProgress
        extends AutoCloseable
{
    void update(JsonNode progress);

    @Override
    void close();
}
