package dev.berth.oci;

import dev.berth.core.error.InvalidSpec;

import java.util.Locale;
import java.util.Map;

/** The signal {@code stop} sends first: the image config's {@code StopSignal} (a name or number), else SIGTERM. */
public final class StopSignal
{
    public static final int SIGTERM = 15;
    private static final Map<String, Integer> NAMES = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("USR2", 12), Map.entry("TERM", 15), Map.entry("STOP", 19),
            Map.entry("WINCH", 28), Map.entry("PWR", 30), Map.entry("RTMIN+3", 37));

    private StopSignal() {}

    public static int parse(String text, String image)
    {
        if (text.isBlank()) {
            return SIGTERM;
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.matches("\\d+") && Integer.parseInt(name) > 0 && Integer.parseInt(name) < 65) {
            return Integer.parseInt(name);
        }
        Integer number = NAMES.get(name.startsWith("SIG") ? name.substring(3) : name);
        if (number == null) {
            throw new InvalidSpec("image " + image + ": StopSignal \"" + text + "\" is not a signal this backend knows");
        }
        return number;
    }
}
