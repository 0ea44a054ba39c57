package dev.berth.hcs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Daemon threads that block in ReadFile on exec pipes. */
final class ExecThreads
{
    static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hcs-exec-pipe");
        thread.setDaemon(true);
        return thread;
    });

    private ExecThreads() {}
}
