package dev.berth.core.runtime;

/**
 * An image reference in full as the image store names it, for comparing references written differently
 * ({@code busybox} and {@code docker.io/library/busybox:latest}) without the store: a name without a registry is on
 * {@code docker.io}, a one-part name there is under {@code library/}, no tag and no digest means {@code :latest}.
 * agent-image's {@code ImageReference} validates and parses; its test holds the two to the same answers.
 */
public final class ImageNames
{
    private ImageNames() {}

    /** The reference in full; text that is no reference is returned as it is (it then matches only itself). */
    public static String canonical(String reference)
    {
        if (reference.isEmpty() || reference.chars().anyMatch(c -> c <= ' ')) {
            return reference;
        }
        String digest = "";
        String rest = reference;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at);
            rest = rest.substring(0, at);
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon);
            rest = rest.substring(0, colon);
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("["));
        if (!hasRegistry) {
            rest = "docker.io/" + (slash < 0 ? "library/" : "") + rest;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = ":latest";
        }
        return rest + tag + digest;
    }
}
