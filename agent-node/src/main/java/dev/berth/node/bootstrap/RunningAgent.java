package dev.berth.node.bootstrap;

import com.google.inject.Injector;
import dev.berth.node.api.ApiServer;
import dev.berth.node.config.AgentConfig;
import dev.berth.node.marker.PidMarker;
import dev.berth.node.metrics.AgentMetrics;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static java.util.Objects.requireNonNull;

/**
 * A booted agent. {@link #stop()} is the graceful stop SIGTERM triggers: no new API requests, in-flight ones
 * finish within {@code agent.shutdown-timeout}, state is flushed by closing the components, the PID marker goes.
 * Containers keep running unless {@code lifecycle.stop-containers-on-shutdown} is set (the lifecycle stops them as it closes).
 */
public final class RunningAgent
{
    private static final Logger log = LogManager.getLogger(RunningAgent.class);

    private final Injector injector;
    private final AgentConfig config;
    private final ApiServer api;
    private final List<AutoCloseable> closeables;
    private final PidMarker marker;
    private final long pid;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;

    RunningAgent(Injector injector, AgentConfig config, ApiServer api, List<AutoCloseable> closeables, PidMarker marker, long pid)
    {
        this.injector = requireNonNull(injector, "injector is null");
        this.config = requireNonNull(config, "config is null");
        this.api = requireNonNull(api, "api is null");
        this.closeables = List.copyOf(requireNonNull(closeables, "closeables is null"));
        this.marker = requireNonNull(marker, "marker is null");
        this.pid = pid;
    }

    public AgentConfig config()
    {
        return config;
    }

    public Injector injector()
    {
        return injector;
    }

    public void stop()
    {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        log.info("stopping: no new API requests; in-flight operations get {}", config.shutdownTimeout());
        try {
            api.stop(config.shutdownTimeout());
            CacheTraining.markIfServed(Optional.ofNullable(System.getProperty(CacheTraining.PROPERTY)),
                    injector.getInstance(AgentMetrics.class));
            closeables.forEach(RunningAgent::close);
        }
        catch (RuntimeException e) {
            log.error("graceful stop failed part-way", e);
        }
        finally {
            marker.release(pid);
            log.info("agent stopped; containers keep running unless lifecycle.stop-containers-on-shutdown is set");
            stopped.countDown();
        }
    }

    private static void close(Object component)
    {
        if (component instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                log.warn("closing {}: {}", component.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    public void awaitStopped()
            throws InterruptedException
    {
        stopped.await();
    }
}
