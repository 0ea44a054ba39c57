package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Placement signal: a backend was handed an image built for another OS.
 */
public final class WrongPlatform
        extends AgentError implements PlacementSignal
{
    private final String runtime;
    private final String expected;
    private final String actual;
    private final String image;

    public WrongPlatform(String runtime, String expected, String actual, String image)
    {
        this(runtime, expected, actual, image, null, null);
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
        super(message(runtime, expected, actual, image), cause, errno);
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.expected = requireNonNull(expected, "expected is null");
        this.actual = requireNonNull(actual, "actual is null");
        this.image = requireNonNull(image, "image is null");
    }

    private static String message(String runtime, String expected, String actual, String image)
    {
        return String.format("wrong-platform: %s runtime cannot handle image '%s' (expected os=%s, got os=%s)", runtime, image, expected, actual);
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
}
