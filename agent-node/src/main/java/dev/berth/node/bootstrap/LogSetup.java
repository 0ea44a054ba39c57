package dev.berth.node.bootstrap;

import java.util.List;

/**
 * Chooses the agent's Log4j2 configuration before the first logger exists: human-readable lines, or JSON lines
 * with {@code --log-format json}. Log4j's own shutdown hook is off so the agent can log its graceful stop.
 */
public final class LogSetup
{
    /** The values of {@code --log-format}. */
    public static final List<String> FORMATS = List.of("text", "json");

    private LogSetup() {}

    public static void configure(String format)
    {
        String file = switch (format) {
            case "json" -> "berth-log4j2-json.properties";
            case "text" -> "berth-log4j2.properties";
            default -> throw new IllegalArgumentException("--log-format: expected text or json, not \"" + format + "\"");
        };
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + file);
        }
        System.setProperty("log4j.shutdownHookEnabled", "false");
    }
}
