package dev.berth.oci.monitor;

/**
 * A container's init process as its live conmon reports it on disk: the pid from the container pid file, and whether
 * that process still runs (a zombie does not: it has exited and conmon is about to write the exit file).
 */
public record MonitoredInit(long pid, boolean running) {}
