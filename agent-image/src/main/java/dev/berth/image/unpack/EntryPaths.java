package dev.berth.image.unpack;

import java.util.ArrayList;
import java.util.List;

/** Turns a tar entry name into path components under the root, refusing absolute names and {@code ..}. */
final class EntryPaths
{
    private EntryPaths() {}

    /** The name's components, empty for the root itself. @throws UnsafeLayer naming the entry */
    static List<String> components(String name, String entry, String what)
    {
        if (name.isEmpty()) {
            throw UnsafeLayer.entry(entry, what + " is empty");
        }
        if (name.startsWith("/")) {
            throw UnsafeLayer.entry(entry, what + " '" + name + "' is an absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw UnsafeLayer.entry(entry, what + " contains a NUL character");
        }
        List<String> components = new ArrayList<>();
        for (String component : name.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw UnsafeLayer.entry(entry, what + " '" + name + "' has a '..' component");
            }
            components.add(component);
        }
        return components;
    }
}
