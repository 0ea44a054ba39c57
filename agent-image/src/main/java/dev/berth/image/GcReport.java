package dev.berth.image;

/** What a garbage collection removed. */
public record GcReport(int blobsRemoved, int layersRemoved, long bytesFreed)
{
}
