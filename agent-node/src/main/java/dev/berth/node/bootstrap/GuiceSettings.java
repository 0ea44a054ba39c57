package dev.berth.node.bootstrap;

/**
 * Guice settings for a fast agent start, applied before the first Guice class loads (Guice reads them once, in
 * static initialisers). The agent uses no method interception, so Guice need not generate a class per injectable
 * type: with generation off it calls constructors and {@code @Provides} methods reflectively, and the start skips
 * defining classes (about 20 here) that class-data sharing cannot archive. Binding sources are recorded without a
 * stack trace each. An explicit {@code -D} on the command line wins.
 */
final class GuiceSettings
{
    static final String BYTECODE_GENERATION = "guice_bytecode_gen_option";
    static final String STACK_TRACES = "guice_include_stack_traces";

    private GuiceSettings() {}

    static void apply()
    {
        setIfAbsent(BYTECODE_GENERATION, "DISABLED");
        setIfAbsent(STACK_TRACES, "OFF");
    }

    private static void setIfAbsent(String name, String value)
    {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
