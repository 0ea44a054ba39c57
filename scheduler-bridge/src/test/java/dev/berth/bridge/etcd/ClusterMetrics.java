package dev.berth.bridge.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** etcd's own counters, read from its {@code /metrics}: what the cluster cost it, not what the bridges believe. */
final class ClusterMetrics
{
    private ClusterMetrics() {}

    record Sample(double writes, double reads, double watchers, double events) {}

    static Sample read(String endpoint)
            throws IOException, InterruptedException
    {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/metrics")).timeout(Duration.ofSeconds(10)).build();
        String text = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return new Sample(value(text, "etcd_mvcc_put_total") + value(text, "etcd_mvcc_delete_total"), value(text, "etcd_mvcc_range_total"),
                value(text, "etcd_debugging_mvcc_watcher_total"), value(text, "etcd_debugging_mvcc_events_total"));
    }

    private static double value(String text, String metric)
    {
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + " ")) {
                return Double.parseDouble(line.substring(metric.length() + 1).strip());
            }
        }
        throw new IllegalStateException("etcd's /metrics has no " + metric);
    }
}
