package dev.berth.node.api;

/** A request refused because a bound on the API's resources is reached; answered 503, naming the bound. */
public final class Overloaded
        extends RuntimeException
{
    public Overloaded(String message)
    {
        super(message);
    }
}
