package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command line's {@code --platform OS[/ARCH[/VARIANT]]} (as Docker and Podman take it: {@code linux/arm64/v8}),
 * read into a {@link PlatformSpec} whose arch carries the variant as {@code arch/variant}, the form the spec's
 * {@code platform.arch} takes.
 */
public final class PlatformString
{
    private static final Pattern PART = Pattern.compile("[a-z0-9_]{1,32}");

    private PlatformString() {}

    /** @throws InvalidSpec naming {@code field} and what is wrong with the text */
    public static PlatformSpec parse(String text, String field)
    {
        String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3) {
            throw new InvalidSpec(field + ": \"" + text + "\" has more than OS/ARCH/VARIANT");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new InvalidSpec(field + ": \"" + text + "\" is not OS[/ARCH[/VARIANT]] (lower-case letters, digits and '_' "
                        + "between the slashes, e.g. linux/arm64/v8)");
            }
        }
        OsFamily os = OsFamily.fromOciName(parts[0])
                .orElseThrow(() -> new InvalidSpec(field + ": OS \"" + parts[0] + "\" is not one of linux|windows"));
        Optional<String> arch = parts.length == 1 ? Optional.empty()
                : Optional.of(parts.length == 2 ? parts[1] : parts[1] + "/" + parts[2]);
        return new PlatformSpec(Optional.of(os), arch, Optional.empty());
    }
}
