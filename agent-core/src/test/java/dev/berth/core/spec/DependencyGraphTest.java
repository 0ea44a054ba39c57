package dev.berth.core.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyGraphTest
{
    @Test
    void layersInTopologicalOrderWithIndependentServicesTogether()
    {
        List<ServiceSpec> services = SpecParser.parseDeployment("""
                services:
                  web: {image: x, depends: [api, cache]}
                  api: {image: x, depends: [db]}
                  db: {image: x}
                  cache: {image: x}
                  external: {image: x, depends: [already-running]}
                """);
        List<List<String>> layers = DependencyGraph.of(services).layers().stream()
                .map(layer -> layer.stream().map(ServiceSpec::name).toList())
                .toList();
        assertThat(layers).containsExactly(List.of("db", "cache", "external"), List.of("api"), List.of("web"));
    }
}
