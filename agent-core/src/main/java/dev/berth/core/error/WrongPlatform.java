package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Placement signal: a backend was handed an image built for another platform. {@link #dimension()} says which part
 * does not fit: {@code os} (the image is for another OS), {@code arch} (another architecture: an arm64 image on an
 * amd64 node) or {@code build} (a Windows os.version this node cannot run); {@link #expected()} and {@link #actual()}
 * are the node's and the image's value of that part, and {@link #imageOs()} the image's OS whatever the dimension.
 */
public final class WrongPlatform
        extends AgentError implements PlacementSignal
{
    private final String runtime;
    private final String expected;
    private final String actual;
    private final String image;
    private final String dimension;
    private final String imageOs;
    private final String detail;

    public static final String OS = "os";
    public static final String ARCH = "arch";
    public static final String BUILD = "build";

    public WrongPlatform(String runtime, String expected, String actual, String image)
    {
        this(runtime, expected, actual, image, null, null);
    }

    /**
     * An image whose OS fits but whose architecture or Windows build does not.
     *
     * @param dimension {@link #ARCH} or {@link #BUILD}
     * @param expected the node's architecture or build
     * @param actual the image's
     * @param detail why the node cannot bridge the difference, for the message; may be empty
     */
    public WrongPlatform(String runtime, String dimension, String expected, String actual, String image, String imageOs, String detail)
    {
        this(runtime, dimension, expected, actual, image, imageOs, detail, null, null);
    }

    public WrongPlatform(String runtime, String expected, String actual, String image, Throwable cause)
    {
        this(runtime, expected, actual, image, cause, null);
    }

    /**
     * @param errno the OS errno behind this error, or null to take it from the cause chain
     */
    public WrongPlatform(String runtime, String expected, String actual, String image, Throwable cause, Integer errno)
    {
        this(runtime, OS, expected, actual, image, actual, "", cause, errno);
    }

    public WrongPlatform(String runtime, String dimension, String expected, String actual, String image, String imageOs, String detail,
            Throwable cause, Integer errno)
    {
        super(message(runtime, dimension, expected, actual, image, detail), cause, errno);
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.expected = requireNonNull(expected, "expected is null");
        this.actual = requireNonNull(actual, "actual is null");
        this.image = requireNonNull(image, "image is null");
        this.dimension = requireNonNull(dimension, "dimension is null");
        if (!dimension.equals(OS) && !dimension.equals(ARCH) && !dimension.equals(BUILD)) {
            throw new IllegalArgumentException("dimension must be os, arch or build: " + dimension);
        }
        this.imageOs = requireNonNull(imageOs, "imageOs is null");
        this.detail = requireNonNull(detail, "detail is null");
    }

    private static String message(String runtime, String dimension, String expected, String actual, String image, String detail)
    {
        String message = switch (dimension) {
            case ARCH -> String.format("wrong-platform: image '%s' is built for architecture %s and this node is %s (checked by %s)",
                    image, actual, expected, runtime);
            case BUILD -> String.format("wrong-platform: image '%s' is Windows build %s and this node's build is %s (checked by %s)",
                    image, actual, expected, runtime);
            default -> String.format("wrong-platform: %s runtime cannot handle image '%s' (expected os=%s, got os=%s)", runtime, image,
                    expected, actual);
        };
        return detail == null || detail.isEmpty() ? message : message + ": " + detail;
    }

    @Override
    public AgentError asError()
    {
        return this;
    }

    @Override
    public ErrorCode code()
    {
        return ErrorCode.WRONG_PLATFORM;
    }

    @Override
    public Map<String, Object> fields()
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("runtime", runtime);
        fields.put("expected", expected);
        fields.put("actual", actual);
        fields.put("image", image);
        if (!dimension.equals(OS)) {
            fields.put("dimension", dimension);
            fields.put("imageOs", imageOs);
            fields.put("detail", detail);
        }
        return fields;
    }

    public String runtime()
    {
        return runtime;
    }

    public String expected()
    {
        return expected;
    }

    public String actual()
    {
        return actual;
    }

    public String image()
    {
        return image;
    }

    /** {@link #OS}, {@link #ARCH} or {@link #BUILD}. */
    public String dimension()
    {
        return dimension;
    }

    /** The image's OS, in OCI's words. */
    public String imageOs()
    {
        return imageOs;
    }

    public String detail()
    {
        return detail;
    }
}
