package dev.berth.hcs.layer;

import dev.berth.image.unpack.UnsafeLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a Windows layer's tar entry name the way Windows will resolve it, not the way a Linux path reads: both
 * {@code /} and {@code \} separate components; a name with a drive ({@code C:}), a colon anywhere (an alternate data
 * stream, {@code a:b}), a reserved device name ({@code CON}, {@code NUL.txt}, {@code COM1}...), a trailing dot or
 * space (Windows strips them, so two names become one), a character Windows forbids, {@code ..}, or a length over
 * Windows' limits is refused, naming the entry. Reference: "Naming Files, Paths, and Namespaces" on learn.microsoft.com.
 */
final class WindowsEntryName
{
    /** A component's limit in UTF-16 units (NTFS), and a whole path's in the {@code \\?\} long form. */
    static final int MAX_COMPONENT = 255;
    static final int MAX_PATH = 32_767;

    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³");
    private static final String FORBIDDEN = "<>:\"|?*";

    private WindowsEntryName() {}

    /**
     * The name's components (empty for the layer's root), each safe to create under the layer folder.
     *
     * @param entry the tar entry the name came from, for the message
     * @param what "name" or "link target"
     * @throws UnsafeLayer naming the entry and what is wrong
     */
    static List<String> components(String name, String entry, String what)
    {
        if (name.isEmpty()) {
            throw UnsafeLayer.entry(entry, what + " is empty");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' is an absolute path");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' names a drive");
        }
        List<String> components = new ArrayList<>();
        for (String component : name.split("[/\\\\]")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            check(component, name, entry, what);
            components.add(component);
        }
        return List.copyOf(components);
    }

    private static void check(String component, String name, String entry, String what)
    {
        if (component.equals("..")) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' has a '..' component");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c < 0x20) {
                throw UnsafeLayer.entry(entry, what + " has a control character (U+" + String.format("%04X", (int) c) + ")");
            }
            if (c == ':') {
                throw UnsafeLayer.entry(entry, what + " '" + name + "' has a colon: a drive or an alternate data stream");
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw UnsafeLayer.entry(entry, what + " '" + name + "' has '" + c + "', which Windows forbids in names");
            }
        }
        if (component.endsWith(".") || component.endsWith(" ")) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' has a component ending in a dot or space, which Windows strips");
        }
        // CON, "NUL.txt" and "COM1 .log" all open the device: the part before the first dot, trailing spaces dropped
        int dot = component.indexOf('.');
        String stem = (dot < 0 ? component : component.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(stem)) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' is the reserved device name " + stem);
        }
        if (component.length() > MAX_COMPONENT) {
            throw UnsafeLayer.entry(entry, what + " has a component of " + component.length() + " characters, over Windows' " + MAX_COMPONENT);
        }
    }
}
