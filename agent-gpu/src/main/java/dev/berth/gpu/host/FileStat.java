package dev.berth.gpu.host;

import static java.util.Objects.requireNonNull;

/**
 * What {@code stat} says of one path: its type, and for device nodes the major and minor numbers (0 otherwise).
 *
 * @param path the path as the probe asked for it (a host path, not the local stand-in)
 */
public record FileStat(String path, FileType type, int major, int minor, long size)
{
    public FileStat
    {
        requireNonNull(path, "path is null");
        requireNonNull(type, "type is null");
    }

    public boolean isDevice()
    {
        return type == FileType.CHARACTER_DEVICE || type == FileType.BLOCK_DEVICE;
    }

    /** {@code major(st_rdev)} of glibc's encoding. */
    public static int majorOf(long rdev)
    {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0x00000fffL));
    }

    /** {@code minor(st_rdev)} of glibc's encoding. */
    public static int minorOf(long rdev)
    {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0x000000ffL));
    }
}
