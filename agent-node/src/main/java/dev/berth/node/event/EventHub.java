package dev.berth.node.event;

import dev.berth.core.event.AgentEvent;
import dev.berth.core.event.EventSink;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The node's event stream: keeps the most recent events for {@code berth events} and fans new ones out to
 * followers. Publishing never blocks: a follower that falls {@value #FOLLOWER_BACKLOG} events behind loses the
 * overflow rather than stalling the publisher.
 */
public final class EventHub
        implements EventSink
{
    static final int HISTORY = 1000;
    static final int FOLLOWER_BACKLOG = 10_000;

    private final ArrayDeque<AgentEvent> history = new ArrayDeque<>();
    private final Set<BlockingQueue<AgentEvent>> followers = new CopyOnWriteArraySet<>();

    @Override
    public void publish(AgentEvent event)
    {
        synchronized (history) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        for (BlockingQueue<AgentEvent> follower : followers) {
            follower.offer(event);
        }
    }

    public List<AgentEvent> recent()
    {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** A queue receiving every event published from now on, until {@link #unfollow}. */
    public BlockingQueue<AgentEvent> follow()
    {
        BlockingQueue<AgentEvent> queue = new LinkedBlockingQueue<>(FOLLOWER_BACKLOG);
        followers.add(queue);
        return queue;
    }

    public void unfollow(BlockingQueue<AgentEvent> queue)
    {
        followers.remove(queue);
    }
}
