package dev.berth.lifecycle.probe;

import static java.util.Objects.requireNonNull;

/** One probe's answer: passed or not, and what was seen ("connection refused", "status 503", "exit 1: ..."). */
public record ProbeResult(boolean passed, String detail)
{
    public ProbeResult
    {
        requireNonNull(detail, "detail is null");
    }

    public static ProbeResult pass(String detail)
    {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult fail(String detail)
    {
        return new ProbeResult(false, detail);
    }
}
