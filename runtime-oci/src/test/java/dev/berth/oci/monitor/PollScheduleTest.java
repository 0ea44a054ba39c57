package dev.berth.oci.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollScheduleTest
{
    private static final long MS = 1_000_000;

    @Test
    void pollsEveryMillisecondAtFirstThenBacksOffToTheCap()
    {
        PollSchedule schedule = new PollSchedule(25, 0);

        assertThat(schedule.nextSleepMillis(0)).isEqualTo(1);
        assertThat(schedule.nextSleepMillis(99 * MS)).isEqualTo(1);
        assertThat(schedule.nextSleepMillis(100 * MS)).isEqualTo(2);
        assertThat(schedule.nextSleepMillis(103 * MS)).isEqualTo(4);
        assertThat(schedule.nextSleepMillis(110 * MS)).isEqualTo(8);
        assertThat(schedule.nextSleepMillis(120 * MS)).isEqualTo(16);
        assertThat(schedule.nextSleepMillis(140 * MS)).isEqualTo(25);
        assertThat(schedule.nextSleepMillis(10_000 * MS)).isEqualTo(25);
    }

    @Test
    void aCapBelowTheFirstStepIsHonoured()
    {
        PollSchedule schedule = new PollSchedule(1, 0);

        assertThat(schedule.nextSleepMillis(500 * MS)).isEqualTo(1);
    }

    @Test
    void refusesACapBelowOneMillisecond()
    {
        assertThatThrownBy(() -> new PollSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMillis");
    }
}
