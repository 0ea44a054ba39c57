package dev.berth.bridge.placement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.UpdatePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateBatchesTest
{
    private static final Map<String, Integer> DESIRED = Map.of("a", 1, "b", 1, "c", 1);

    @Test
    void oneNodeAtATimeEachAfterTheLastReportsRunning()
    {
        Map<String, AssignmentRecord> allOld = Map.of("a", assignment("a", 1), "b", assignment("b", 1), "c", assignment("c", 1));
        assertThat(UpdateBatches.admitted(2, UpdatePolicy.DEFAULT, DESIRED, allOld, Map.of())).containsExactly("a");

        Map<String, AssignmentRecord> firstMoved = Map.of("a", assignment("a", 2), "b", assignment("b", 1), "c", assignment("c", 1));
        assertThat(UpdateBatches.admitted(2, UpdatePolicy.DEFAULT, DESIRED, firstMoved, Map.of()))
                .as("a has not reported the new generation yet").isEmpty();
        assertThat(UpdateBatches.admitted(2, UpdatePolicy.DEFAULT, DESIRED, firstMoved, Map.of("a", report("a", 1, ReportOutcome.RUNNING))))
                .as("a report of the old generation does not count").isEmpty();
        assertThat(UpdateBatches.admitted(2, UpdatePolicy.DEFAULT, DESIRED, firstMoved, Map.of("a", report("a", 2, ReportOutcome.RUNNING))))
                .containsExactly("b");
    }

    @Test
    void aFailureAtTheNewGenerationHaltsTheUpdate()
    {
        Map<String, AssignmentRecord> firstMoved = Map.of("a", assignment("a", 2), "b", assignment("b", 1), "c", assignment("c", 1));
        assertThat(UpdateBatches.admitted(2, UpdatePolicy.DEFAULT, DESIRED, firstMoved, Map.of("a", report("a", 2, ReportOutcome.FAILED)))).isEmpty();
    }

    @Test
    void parallelIsCutSoThatOneNodeKeepsTheOldSpec()
    {
        UpdatePolicy wide = new UpdatePolicy(5, Duration.ZERO, Duration.ofMinutes(1), UpdatePolicy.OnFailure.ROLLBACK);
        Map<String, AssignmentRecord> allOld = Map.of("a", assignment("a", 1), "b", assignment("b", 1), "c", assignment("c", 1));
        assertThat(UpdateBatches.admitted(2, wide, DESIRED, allOld, Map.of())).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRecordThatDoesNotReadGetsTheDefaultPolicyRatherThanFailingThePass()
    {
        ObjectNode broken = (ObjectNode) SpecParser.tree("{\"name\": \"web\"}");
        assertThat(UpdateBatches.policyOf(new ServiceRecord("web", 2, broken, "a"))).isEqualTo(UpdatePolicy.DEFAULT);
        ObjectNode wide = (ObjectNode) SpecParser.tree("{\"name\": \"web\", \"image\": \"x\", \"update\": {\"parallel\": 2}}");
        assertThat(UpdateBatches.policyOf(new ServiceRecord("web", 2, wide, "a")).parallel()).isEqualTo(2);
    }

    private static AssignmentRecord assignment(String node, long generation)
    {
        return new AssignmentRecord("web", node, 1, generation);
    }

    private static NodeReport report(String node, long generation, ReportOutcome outcome)
    {
        return new NodeReport("web", node, generation, outcome, "", "", "", "");
    }
}
