package dev.berth.core.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuQuantityTest
{
    @Test
    void parsesCoresAndMillicores()
    {
        SpecProblems problems = new SpecProblems();
        assertThat(CpuQuantity.parse("2", "cpu", problems)).isEqualTo(2000);
        assertThat(CpuQuantity.parse("0.25", "cpu", problems)).isEqualTo(250);
        assertThat(CpuQuantity.parse("750m", "cpu", problems)).isEqualTo(750);
        assertThat(problems.isEmpty()).isTrue();
        assertThat(CpuQuantity.parse("0.0001", "cpu", problems)).isZero();
        assertThat(problems.list()).containsExactly("cpu: \"0.0001\" is less than 1m, the smallest CPU unit");
    }

    @Test
    void exponentsAreRefusedBeforeAnyArithmetic()
    {
        // "1e222222229" used to be scaled to millicores, building a 10^222222229 BigInteger: minutes of CPU per request
        SpecProblems problems = new SpecProblems();
        assertThat(CpuQuantity.parse("1e222222229", "resources.cpu", problems)).isZero();
        assertThat(CpuQuantity.parse("2E3", "resources.cpu", problems)).isZero();
        assertThat(CpuQuantity.parse("9".repeat(40), "resources.cpu", problems)).isZero();
        assertThat(problems.list()).hasSize(3).allMatch(problem -> problem.contains("is not a CPU quantity"));
    }
}
