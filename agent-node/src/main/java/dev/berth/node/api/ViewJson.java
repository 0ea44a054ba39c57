package dev.berth.node.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.error.ErrorWire;
import dev.berth.core.event.AgentEvent;
import dev.berth.core.yaml.StrictYaml;
import dev.berth.core.runtime.ExecResult;
import dev.berth.core.runtime.ExitStatus;
import dev.berth.core.runtime.LogLine;
import dev.berth.core.runtime.PulledImage;
import dev.berth.gpu.assign.GpuAssignmentJson;
import dev.berth.image.StoredImage;
import dev.berth.lifecycle.BootError;
import dev.berth.lifecycle.ContainerView;
import dev.berth.lifecycle.DeployResult;
import dev.berth.lifecycle.RecoveryReport;
import dev.berth.lifecycle.ServiceView;
import dev.berth.core.unit.HumanDurations;
import dev.berth.state.StartPhasesJson;

import java.util.List;

/** The API's JSON forms of the agent's views. Field names are the wire contract the CLI reads. */
public final class ViewJson
{
    /**
     * Refuses a key given twice in one object rather than keeping the last silently, and a body nested deeper than a
     * spec can be ({@link StrictYaml#MAX_NESTING}), before its depth reaches the handler's stack.
     */
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(StrictYaml.MAX_NESTING).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ViewJson() {}

    public static ObjectNode container(ContainerView view)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", view.id());
        node.put("service", view.service());
        node.put("replica", view.replica());
        node.put("backend", view.backend());
        node.put("image", view.image());
        view.imageDigest().ifPresent(digest -> node.put("imageDigest", digest));
        node.put("state", view.state().name().toLowerCase());
        node.put("health", view.health().name().toLowerCase());
        if (view.pid().isPresent()) {
            node.put("pid", view.pid().getAsLong());
        }
        if (view.exitCode().isPresent()) {
            node.put("exitCode", view.exitCode().getAsInt());
        }
        node.put("oomKilled", view.oomKilled());
        view.failure().ifPresent(error -> node.set("failure", ErrorWire.encode(error, JSON)));
        node.put("restarts", view.restarts());
        node.put("created", view.created().toString());
        view.started().ifPresent(time -> node.put("started", time.toString()));
        view.finished().ifPresent(time -> node.put("finished", time.toString()));
        ObjectNode env = node.putObject("env");
        view.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(entry -> env.put(entry.getKey(), entry.getValue()));
        node.put("logPath", view.logPath());
        view.bootError().ifPresent(error -> node.set("bootError", bootError(error)));
        node.set("startPhases", StartPhasesJson.encode(view.startPhases()));
        view.gpu().ifPresent(gpu -> node.set("gpu", GpuAssignmentJson.encode(gpu)));
        return node;
    }

    public static ArrayNode containers(List<ContainerView> views)
    {
        ArrayNode array = JSON.createArrayNode();
        views.forEach(view -> array.add(container(view)));
        return array;
    }

    public static ObjectNode service(ServiceView view)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", view.name());
        node.put("image", view.image());
        node.put("replicas", view.replicas());
        ArrayNode containers = node.putArray("containers");
        view.containers().forEach(containers::add);
        node.put("status", view.status());
        node.put("revision", view.revision());
        view.update().ifPresent(update -> {
            ObjectNode last = node.putObject("update");
            last.put("from", update.from());
            last.put("to", update.to());
            last.put("state", update.state());
            last.put("progress", update.progress());
            last.put("replaced", update.replaced());
            last.put("total", update.total());
            last.put("reason", update.reason());
        });
        return node;
    }

    public static ObjectNode bootError(BootError error)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", error.time().toString());
        node.put("stage", error.stage());
        if (error.errno().isPresent()) {
            node.put("errno", error.errno().getAsInt());
        }
        else {
            node.putNull("errno");
        }
        node.put("message", error.message());
        return node;
    }

    public static ObjectNode recovery(RecoveryReport report)
    {
        ObjectNode node = JSON.createObjectNode();
        putList(node, "adopted", report.adopted());
        putList(node, "restarted", report.restarted());
        putList(node, "exited", report.exited());
        putList(node, "failed", report.failed());
        putList(node, "orphans", report.orphans());
        node.put("durationMillis", report.duration().toMillis());
        return node;
    }

    public static ObjectNode deploy(DeployResult result)
    {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode outcomes = node.putArray("services");
        for (DeployResult.Outcome outcome : result.outcomes()) {
            ObjectNode item = outcomes.addObject();
            item.put("service", outcome.service());
            item.put("created", outcome.created());
            item.put("removed", outcome.removed());
            putList(item, "containers", outcome.containers());
            outcome.error().ifPresent(error -> item.set("error", ErrorWire.encode(error, JSON)));
        }
        return node;
    }

    public static ObjectNode storedImage(StoredImage image)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("reference", image.reference());
        node.put("digest", image.digest());
        node.put("platform", image.platform().os() + "/" + image.platform().arch());
        node.put("size", image.size());
        node.put("stored", image.stored().toString());
        return node;
    }

    public static ObjectNode pulledImage(PulledImage image)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("reference", image.reference());
        node.put("digest", image.digest());
        node.put("platform", image.platform().os() + "/" + image.platform().arch());
        return node;
    }

    public static ObjectNode exit(ExitStatus status)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("exitCode", status.code());
        node.put("oomKilled", status.oomKilled());
        status.finishedAt().ifPresent(time -> node.put("finished", time.toString()));
        return node;
    }

    public static ObjectNode exec(ExecResult result)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("exitCode", result.exitCode());
        node.put("stdout", result.stdout());
        node.put("stderr", result.stderr());
        // what the agent kept is the tail of each stream: these count the bytes before it that were dropped
        node.put("stdoutDropped", result.stdoutDropped());
        node.put("stderrDropped", result.stderrDropped());
        return node;
    }

    public static ObjectNode log(LogLine line)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", line.time().toString());
        node.put("stream", line.stream().name().toLowerCase());
        node.put("text", line.text());
        return node;
    }

    public static ObjectNode event(AgentEvent event)
    {
        ObjectNode node = JSON.createObjectNode();
        node.put("t", event.time().toString());
        node.put("type", event.type());
        node.put("subject", event.subject());
        ObjectNode attributes = node.putObject("attributes");
        event.attributes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(entry -> attributes.put(entry.getKey(), entry.getValue()));
        return node;
    }

    public static String duration(java.time.Duration duration)
    {
        return HumanDurations.format(duration);
    }

    private static void putList(ObjectNode node, String name, List<String> values)
    {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
    }
}
