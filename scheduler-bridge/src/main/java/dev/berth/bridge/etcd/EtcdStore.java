package dev.berth.bridge.etcd;

import static dev.berth.bridge.etcd.JsonCodec.bytes;
import static java.util.Objects.requireNonNull;

import dev.berth.core.error.AgentError;
import dev.berth.core.error.Network;
import dev.berth.core.error.Timeout;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The etcd calls the bridge makes, each bounded by the request timeout and failing as an {@link AgentError}. */
final class EtcdStore
{
    private final Client client;
    private final Duration timeout;

    EtcdStore(Client client, Duration timeout)
    {
        this.client = requireNonNull(client, "client is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    Client client()
    {
        return client;
    }

    Duration timeout()
    {
        return timeout;
    }

    GetResponse prefix(String prefix)
    {
        return await(client.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()), "get " + prefix + "*");
    }

    Optional<KeyValue> get(String key)
    {
        List<KeyValue> kvs = await(client.getKVClient().get(bytes(key)), "get " + key).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    void put(String key, Object value)
    {
        await(client.getKVClient().put(bytes(key), JsonCodec.encode(value)), "put " + key);
    }

    void put(String key, Object value, long lease)
    {
        await(client.getKVClient().put(bytes(key), JsonCodec.encode(value), PutOption.builder().withLeaseId(lease).build()), "put " + key);
    }

    /** @return how many keys were deleted */
    long delete(String key)
    {
        return await(client.getKVClient().delete(bytes(key)), "delete " + key).getDeleted();
    }

    long deletePrefix(String prefix)
    {
        return await(client.getKVClient().delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()),
                "delete " + prefix + "*").getDeleted();
    }

    TxnResponse txn(List<Cmp> conditions, List<Op> then, String what)
    {
        return await(client.getKVClient().txn().If(conditions.toArray(Cmp[]::new)).Then(then.toArray(Op[]::new)).commit(), what);
    }

    /** Waits for an etcd call at most the request timeout. @throws Timeout or Network naming the call */
    <T> T await(CompletableFuture<T> call, String what)
    {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            call.cancel(true);
            throw new Timeout(timeout, new TimeoutException("etcd " + what + " did not answer"));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new Network("interrupted during etcd " + what, e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Network("etcd " + what + " failed: " + cause.getMessage(), cause);
        }
    }
}
