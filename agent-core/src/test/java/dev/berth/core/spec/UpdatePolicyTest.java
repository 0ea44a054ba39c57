package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdatePolicyTest
{
    @Test
    void defaultsReplaceOneAtATimeAndRollBack()
    {
        UpdatePolicy update = SpecParser.parseService("name: web\nimage: nginx\n").update();
        assertThat(update).isEqualTo(UpdatePolicy.DEFAULT);
        assertThat(update.parallel()).isEqualTo(1);
        assertThat(update.healthy()).isEqualTo(Duration.ofSeconds(10));
        assertThat(update.onFailure()).isEqualTo(UpdatePolicy.OnFailure.ROLLBACK);
    }

    @Test
    void everyFieldIsRead()
    {
        UpdatePolicy update = SpecParser.parseService("""
                name: web
                image: nginx
                update: {parallel: 2, healthy: 3s, deadline: 1m, onFailure: pause}
                """).update();
        assertThat(update).isEqualTo(new UpdatePolicy(2, Duration.ofSeconds(3), Duration.ofMinutes(1), UpdatePolicy.OnFailure.PAUSE));
    }

    @Test
    void aBatchNeverTakesEveryReplicaOfSeveral()
    {
        UpdatePolicy wide = new UpdatePolicy(5, Duration.ZERO, Duration.ofSeconds(1), UpdatePolicy.OnFailure.ROLLBACK);
        assertThat(wide.batch(3)).isEqualTo(2);
        assertThat(wide.batch(2)).isEqualTo(1);
        assertThat(wide.batch(1)).isEqualTo(1);
        assertThat(wide.batch(10)).isEqualTo(5);
    }

    @Test
    void anUnknownFieldOrAWrongValueNamesTheField()
    {
        assertThatThrownBy(() -> SpecParser.parseService("name: web\nimage: nginx\nupdate: {paralel: 2}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("update.paralel");
        assertThatThrownBy(() -> SpecParser.parseService("name: web\nimage: nginx\nupdate: {onFailure: retry}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("update.onFailure")
                .hasMessageContaining("rollback|pause");
        assertThatThrownBy(() -> SpecParser.parseService("name: web\nimage: nginx\nupdate: {parallel: 0}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("update.parallel");
        assertThatThrownBy(() -> SpecParser.parseService("name: web\nimage: nginx\nupdate: {healthy: 1m, deadline: 30s}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("update.deadline");
        assertThatThrownBy(() -> SpecParser.parseService("name: web\nimage: nginx\nupdate: fast\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("update");
    }
}
