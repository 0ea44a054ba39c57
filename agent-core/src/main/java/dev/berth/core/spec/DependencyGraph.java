package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dependency graph of a deployment. Dependencies on services outside the deployment are allowed (they may
 * already run); the graph orders only the services it holds, and refuses a cycle, naming it.
 */
public final class DependencyGraph
{
    private final List<List<ServiceSpec>> layers;

    private DependencyGraph(List<List<ServiceSpec>> layers)
    {
        this.layers = layers;
    }

    /** @throws InvalidSpec naming the cycle, e.g. {@code a -> b -> a} */
    public static DependencyGraph of(List<ServiceSpec> services)
    {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        services.forEach(service -> byName.put(service.name(), service));
        for (ServiceSpec service : services) {
            findCycle(service.name(), byName, new ArrayList<>(), new TreeSet<>());
        }
        List<List<ServiceSpec>> layers = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (placed.size() < byName.size()) {
            List<ServiceSpec> layer = new ArrayList<>();
            for (ServiceSpec service : byName.values()) {
                if (!placed.contains(service.name()) && service.depends().stream()
                        .allMatch(dependency -> placed.contains(dependency.service()) || !byName.containsKey(dependency.service()))) {
                    layer.add(service);
                }
            }
            layer.forEach(service -> placed.add(service.name()));
            layers.add(List.copyOf(layer));
        }
        return new DependencyGraph(List.copyOf(layers));
    }

    private static void findCycle(String name, Map<String, ServiceSpec> byName, List<String> path, Set<String> done)
    {
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new InvalidSpec("depends: dependency cycle " + String.join(" -> ", cycle));
        }
        ServiceSpec service = byName.get(name);
        if (service == null || done.contains(name)) {
            return;
        }
        path.add(name);
        for (Dependency dependency : service.depends()) {
            findCycle(dependency.service(), byName, path, done);
        }
        path.remove(path.size() - 1);
        done.add(name);
    }

    /** Services in start order: each layer depends only on earlier layers, so a layer's services may start in parallel. */
    public List<List<ServiceSpec>> layers()
    {
        return layers;
    }
}
