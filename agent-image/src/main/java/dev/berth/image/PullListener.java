package dev.berth.image;

/** Progress of a pull, per blob, for progress bars and plain lines. Called from download threads. */
public interface PullListener
{
    PullListener NONE = new PullListener() {};

    /** The blob is in the store already: nothing is downloaded for it (started, progress and finished follow). */
    default void cached(String digest, long size) {}

    default void started(String digest, long size) {}

    default void progress(String digest, long done, long total) {}

    default void finished(String digest) {}
}
