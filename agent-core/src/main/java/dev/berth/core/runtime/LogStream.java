package dev.berth.core.runtime;

/** Which stream a log line came from. */
public enum LogStream
{
    STDOUT,
    STDERR
}
