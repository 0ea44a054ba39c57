package dev.berth.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

class ServiceDefinitionTest
{
    @Test
    void splitsEveryDeploymentShapeIntoSelfContainedDocuments()
    {
        List<ServiceDefinition> mapping = ServiceDefinition.parseDeployment("services:\n  web:\n    image: linux-app\n    replicas: 2\n  db:\n    image: linux-app\n");
        assertThat(mapping).extracting(ServiceDefinition::name).containsExactly("web", "db");
        assertThat(mapping.get(0).source().get("name").asText()).isEqualTo("web");
        assertThat(ServiceDefinition.parse(mapping.get(0).source(), null).spec().replicas()).isEqualTo(2);

        assertThat(ServiceDefinition.parseDeployment("- name: a\n  image: x\n- name: b\n  image: y\n"))
                .extracting(ServiceDefinition::name).containsExactly("a", "b");
        assertThat(ServiceDefinition.parseDeployment("name: solo\nimage: x\n")).extracting(ServiceDefinition::name).containsExactly("solo");
    }

    @Test
    void withReplicasChangesOnlyTheCount()
    {
        ServiceDefinition web = ServiceDefinition.parseDeployment("name: web\nimage: linux-app\nreplicas: 5\nenv:\n  A: b\n").get(0);
        ServiceDefinition share = web.withReplicas(2);
        assertThat(share.spec().replicas()).isEqualTo(2);
        assertThat(share.spec().env()).isEqualTo(web.spec().env());
        assertThat(web.spec().replicas()).isEqualTo(5);
    }

    @Test
    void invalidDocumentsAreInvalidSpec()
    {
        assertThatThrownBy(() -> ServiceDefinition.parseDeployment("services:\n  web:\n    replicas: 2\n"))
                .isInstanceOf(InvalidSpec.class).hasMessageContaining("image");
    }
}
