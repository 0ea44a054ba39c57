package dev.berth.node.marker;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTableTest
{
    @Test
    void startTimeIsField22CountedFromTheLastParenthesis()
    {
        String stat = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";
        assertThat(ProcessTable.parseStartTime(stat)).isEqualTo(OptionalLong.of(987654));
    }

    @Test
    void truncatedStatHasNoStartTime()
    {
        assertThat(ProcessTable.parseStartTime("1 (init) S 0 1")).isEmpty();
        assertThat(ProcessTable.parseStartTime("garbage")).isEmpty();
    }

    @Test
    void readsThisProcessAndNotADeadOne()
    {
        ProcessTable table = ProcessTable.system();
        assertThat(table.startTime(ProcessHandle.current().pid())).isPresent();
        assertThat(table.startTime(Integer.MAX_VALUE)).isEmpty();
        assertThat(table.commandLine(ProcessHandle.current().pid())).contains("java");
    }
}
