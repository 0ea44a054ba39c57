package dev.berth.core.event;

/** Where components publish {@link AgentEvent}s. Must not block the publisher for long. */
public interface EventSink
{
    EventSink DISCARD = event -> {};

    void publish(AgentEvent event);
}
