package dev.berth.node.images;

import static java.util.Objects.requireNonNull;

import dev.berth.image.PullListener;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Passes a pull's progress on and counts the bytes it downloaded: blobs found in the store count nothing. */
final class CountingPullListener
        implements PullListener
{
    private final PullListener delegate;
    private final Set<String> cached = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> done = new ConcurrentHashMap<>();

    CountingPullListener(PullListener delegate)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    long downloaded()
    {
        return done.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void cached(String digest, long size)
    {
        cached.add(digest);
        delegate.cached(digest, size);
    }

    @Override
    public void started(String digest, long size)
    {
        delegate.started(digest, size);
    }

    @Override
    public void progress(String digest, long bytes, long total)
    {
        if (!cached.contains(digest)) {
            done.merge(digest, bytes, Math::max);
        }
        delegate.progress(digest, bytes, total);
    }

    @Override
    public void finished(String digest)
    {
        delegate.finished(digest);
    }
}
