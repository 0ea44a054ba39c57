package dev.berth.hcs.error;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A native HCS or vmcompute call failed: the function, its HRESULT and the result document HCS returned, if any.
 * Internal to this module: {@link HcsErrors} turns it into an {@code AgentError} before it leaves the backend.
 */
public final class HcsCallFailed
        extends RuntimeException
{
    private final String function;
    private final HResult hresult;
    private final Optional<String> resultDocument;

    public HcsCallFailed(String function, HResult hresult, Optional<String> resultDocument)
    {
        super(function + " failed with HRESULT " + hresult.hex() + resultDocument.map(document -> ": " + document).orElse(""));
        this.function = requireNonNull(function, "function is null");
        this.hresult = requireNonNull(hresult, "hresult is null");
        this.resultDocument = requireNonNull(resultDocument, "resultDocument is null");
    }

    public String function()
    {
        return function;
    }

    public HResult hresult()
    {
        return hresult;
    }

    public Optional<String> resultDocument()
    {
        return resultDocument;
    }
}
