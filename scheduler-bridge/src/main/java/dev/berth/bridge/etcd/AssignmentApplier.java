package dev.berth.bridge.etcd;

import static java.util.Objects.requireNonNull;

import dev.berth.bridge.AssignmentOutcome;
import dev.berth.core.error.AgentError;
import dev.berth.core.error.Internal;
import dev.berth.core.error.PlacementSignal;
import dev.berth.core.error.Timeout;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The one thread that touches the {@link AssignmentReconciler}. Requests for a pass coalesce (at most one queued);
 * a pass that etcd fails is retried after 500 ms; reports from the agent run on the same thread, so they never race a
 * pass. Nothing is queued once the bridge is closing.
 */
final class AssignmentApplier
{
    private static final Logger log = LogManager.getLogger(AssignmentApplier.class);

    private final ScheduledExecutorService thread;
    private final String nodeId;
    private final Duration requestTimeout;
    private final BooleanSupplier closing;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final AtomicBoolean fenceQueued = new AtomicBoolean();
    private volatile AssignmentReconciler reconciler;

    AssignmentApplier(ScheduledExecutorService thread, String nodeId, Duration requestTimeout, BooleanSupplier closing)
    {
        this.thread = requireNonNull(thread, "thread is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.closing = requireNonNull(closing, "closing is null");
    }

    /** Set once, when the bridge starts and before any pass is requested. */
    void attach(AssignmentReconciler reconciler)
    {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
    }

    void requestPass()
    {
        if (closing.getAsBoolean() || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(this::pass);
        }
        catch (RejectedExecutionException e) {
            passQueued.set(false);
        }
    }

    /** Stops the cluster workloads the fence applies to, on the apply thread: after a pass in progress, before the next. */
    void fence()
    {
        if (closing.getAsBoolean() || !fenceQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                fenceQueued.set(false);
                try {
                    reconciler.fence();
                }
                catch (RuntimeException e) {
                    log.error("fencing node {} failed unexpectedly", nodeId, e);
                }
            });
        }
        catch (RejectedExecutionException e) {
            fenceQueued.set(false);
        }
    }

    /** Records the agent's placement signal for a service on the apply thread, waiting at most twice the request timeout. */
    void report(String service, PlacementSignal signal)
    {
        run(() -> {
            reconciler.report(service, AssignmentOutcome.of(signal.asError()));
            return null;
        });
    }

    /** Stops the thread, letting a pass in progress finish within the request timeout. */
    void shutdown()
    {
        thread.shutdownNow();
        try {
            thread.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pass()
    {
        passQueued.set(false);
        try {
            reconciler.pass();
        }
        catch (AgentError e) {
            log.debug("assignment pass on node {} failed: {}; retrying", nodeId, e.getMessage());
            try {
                thread.schedule(this::requestPass, 500, TimeUnit.MILLISECONDS);
            }
            catch (RejectedExecutionException closed) {
                // the bridge is closing
            }
        }
        catch (RuntimeException e) {
            log.error("assignment pass on node {} failed unexpectedly", nodeId, e);
        }
    }

    private <T> T run(Callable<T> task)
    {
        Future<T> future = thread.submit(task);
        try {
            return future.get(requestTimeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof AgentError error) {
                throw error;
            }
            throw new Internal("bridge task failed: " + e.getCause(), e.getCause());
        }
        catch (TimeoutException e) {
            future.cancel(true);
            throw new Timeout(requestTimeout.multipliedBy(2), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Internal("interrupted", e);
        }
    }
}
