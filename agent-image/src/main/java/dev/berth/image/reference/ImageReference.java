package dev.berth.image.reference;

import static java.util.Objects.requireNonNull;

import dev.berth.core.error.InvalidSpec;
import dev.berth.core.text.ControlCharacters;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference in full, as the distribution reference grammar defines it: {@code [registry[:port]/]path[:tag][@digest]}.
 * A name without a registry is on {@code docker.io}; a one-part name there is under {@code library/}; a reference with
 * neither tag nor digest means {@code :latest}.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest)
{
    public static final String DOCKER_HUB = "docker.io";

    private static final int MAX_NAME_LENGTH = 255;
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

    public ImageReference
    {
        requireNonNull(registry, "registry is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(digest, "digest is null");
    }

    /**
     * @throws InvalidSpec naming the reference and what is wrong with it
     */
    public static ImageReference parse(String text)
    {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "it is empty");
        }
        ControlCharacters.problem(text).ifPresent(problem -> {
            throw invalid(text, "it " + problem);
        });
        if (!text.equals(text.strip())) {
            throw invalid(text, "it has leading or trailing whitespace");
        }
        String remainder = text;
        Optional<String> digest = Optional.empty();
        int at = remainder.indexOf('@');
        if (at >= 0) {
            String digestText = remainder.substring(at + 1);
            if (!Digests.isValid(digestText)) {
                throw invalid(text, "'" + digestText + "' is not a digest (expected sha256:<64 hex digits> or sha512:<128 hex digits>)");
            }
            digest = Optional.of(digestText);
            remainder = remainder.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = remainder.lastIndexOf(':');
        if (colon > remainder.lastIndexOf('/')) {
            String tagText = remainder.substring(colon + 1);
            if (!TAG.matcher(tagText).matches()) {
                throw invalid(text, "'" + tagText + "' is not a valid tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");
            }
            tag = Optional.of(tagText);
            remainder = remainder.substring(0, colon);
        }
        if (remainder.isEmpty()) {
            throw invalid(text, "the repository name is empty");
        }
        String registry = DOCKER_HUB;
        String path = remainder;
        int slash = remainder.indexOf('/');
        if (slash > 0) {
            String first = remainder.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                if (!DOMAIN.matcher(first).matches()) {
                    throw invalid(text, "'" + first + "' is not a valid registry host[:port]");
                }
                registry = first;
                path = remainder.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            throw invalid(text, "the repository name '" + path + "' must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(text, component.isEmpty()
                        ? "the repository name '" + path + "' has an empty path component"
                        : "'" + component + "' is not a valid repository path component (lowercase letters, digits and single separators '.', '_', '__', '-')");
            }
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
            throw invalid(text, "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageReference(registry, path, tag, digest);
    }

    private static InvalidSpec invalid(String text, String problem)
    {
        // quoted back escaped: a reference is user text, and this message reaches terminals and logs
        return new InvalidSpec("image reference '" + ControlCharacters.escape(text) + "': " + problem);
    }

    /** {@code registry/repository}, e.g. {@code docker.io/library/busybox}. */
    public String name()
    {
        return registry + "/" + repository;
    }

    /** The reference in full: {@code docker.io/library/busybox:latest}, with {@code @digest} where present. */
    public String canonical()
    {
        return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** What the registry's manifest endpoint takes: the digest where present, else the tag. */
    public String manifestReference()
    {
        return digest.orElseGet(tag::orElseThrow);
    }

    /** The same name pinned to {@code newDigest}, keeping the tag. */
    public ImageReference withDigest(String newDigest)
    {
        return new ImageReference(registry, repository, tag, Optional.of(newDigest));
    }

    /** The host to connect to: Docker Hub's API lives on {@code registry-1.docker.io}. */
    public String endpointHost()
    {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    @Override
    public String toString()
    {
        return canonical();
    }
}
