package dev.berth.node.bootstrap;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EscapingConverterTest
{
    @Test
    void theAgentsLogLayoutEscapesControlCharactersInMessagesAndExceptions()
            throws IOException
    {
        Properties config = new Properties();
        try (InputStream in = EscapingConverterTest.class.getResourceAsStream("/berth-log4j2.properties")) {
            config.load(in);
        }
        PatternLayout layout = PatternLayout.newBuilder()
                .withConfiguration(new DefaultConfiguration())
                .withPattern(config.getProperty("appender.console.layout.pattern"))
                .build();
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("test")
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("pull of demo/busybox\u001b]0;pwned\u0007:latest failed\nFORGED 2026 INFO line"))
                .setThrown(new IllegalStateException("runc said \u001b[2J\u009b31m"))
                .build();

        String line = layout.toSerializable(event);

        assertThat(line).contains("pull of demo/busybox\\x1b]0;pwned\\x07:latest failed\\x0aFORGED 2026 INFO line");
        assertThat(line).contains("runc said \\x1b[2J\\u009b31m");
        assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
        // the stack trace keeps its lines, and is written once
        assertThat(line).contains("\n\tat ");
        assertThat(line.split("IllegalStateException", -1)).hasSize(2);
    }
}
