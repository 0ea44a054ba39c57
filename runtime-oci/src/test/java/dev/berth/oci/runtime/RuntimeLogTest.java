package dev.berth.oci.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeLogTest
{
    @Test
    void parsesRuncAndCrunLines()
    {
        String text = """
                {"level":"warning","msg":"cgroup v1 is deprecated","time":"2026-11-22T02:03:40Z"}
                {"msg": "open `/sys/x`: Permission denied", "level": "error", "time": "2026-11-22T02:03:41.000123Z"}
                """;
        assertThat(RuntimeLog.parse(text)).hasSize(2);
        assertThat(RuntimeLog.lastError(text)).map(RuntimeLogEntry::message).contains("open `/sys/x`: Permission denied");
    }

    @Test
    void plainTextLinesCountAsErrors()
    {
        assertThat(RuntimeLog.lastError("something broke\n")).map(RuntimeLogEntry::message).contains("something broke");
        assertThat(RuntimeLog.lastError("{\"level\":\"info\",\"msg\":\"fine\",\"time\":\"\"}")).isEmpty();
    }
}
