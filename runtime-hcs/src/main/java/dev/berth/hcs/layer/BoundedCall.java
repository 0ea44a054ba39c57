package dev.berth.hcs.layer;

import dev.berth.core.error.Timeout;
import dev.berth.hcs.error.HResult;
import dev.berth.hcs.error.HcsCallFailed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * A synchronous vmcompute call, waited for at most a bound. vmcompute's layer functions take no operation handle and
 * cannot be cancelled, so past the bound the caller gets {@link Timeout} while the call runs on in its daemon thread
 * (which keeps its arguments' native memory alive until it returns); a failed HRESULT is {@link HcsCallFailed}.
 */
final class BoundedCall
{
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hcs-vmcompute");
        thread.setDaemon(true);
        return thread;
    });

    private BoundedCall() {}

    static void run(String function, Duration timeout, IntSupplier call)
    {
        CompletableFuture<Integer> result = CompletableFuture.supplyAsync(call::getAsInt, THREADS);
        int hresult;
        try {
            hresult = result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            throw new Timeout(timeout, new IllegalStateException("vmcompute " + function + " did not return within " + timeout
                    + "; it cannot be cancelled and goes on in the background", e));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Timeout(timeout, e);
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        if (hresult < 0) {
            throw new HcsCallFailed(function, new HResult(hresult), Optional.empty());
        }
    }
}
