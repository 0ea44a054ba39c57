package dev.berth.image.reference;

import dev.berth.core.error.InvalidSpec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content digests ({@code sha256:<hex>}). Digests name files in the store, so every digest read from a manifest,
 * index or archive is validated here before it becomes part of a path.
 */
public final class Digests
{
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

    private Digests() {}

    public static boolean isValid(String digest)
    {
        return digest != null && (SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches());
    }

    /** @throws InvalidSpec when {@code digest} is malformed, naming {@code where} it came from */
    public static String require(String digest, String where)
    {
        if (!isValid(digest)) {
            throw new InvalidSpec(where + ": '" + digest + "' is not a digest (expected sha256:<64 hex digits>)");
        }
        return digest;
    }

    public static String algorithm(String digest)
    {
        return digest.substring(0, digest.indexOf(':'));
    }

    public static String hex(String digest)
    {
        return digest.substring(digest.indexOf(':') + 1);
    }

    public static MessageDigest newDigest(String algorithm)
    {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] content)
    {
        return "sha256:" + HexFormat.of().formatHex(newDigest("sha256").digest(content));
    }

    public static String format(String algorithm, MessageDigest digest)
    {
        return algorithm + ":" + HexFormat.of().formatHex(digest.digest());
    }

    /** The first 12 hex digits, as progress lines show a digest. */
    public static String shortForm(String digest)
    {
        String hex = hex(digest);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
