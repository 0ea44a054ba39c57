package dev.berth.gpu.host;

/** The kind of file a {@link HostView#stat} found, as {@code stat(2)}'s {@code st_mode} tells it. */
public enum FileType
{
    REGULAR,
    DIRECTORY,
    CHARACTER_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    SOCKET,
    SYMBOLIC_LINK,
    OTHER;

    /** The type bits of an {@code st_mode} ({@code S_IFMT}). */
    public static FileType ofMode(int mode)
    {
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            case 0120000 -> SYMBOLIC_LINK;
            default -> OTHER;
        };
    }

    /** GNU {@code stat -c %F} wording. */
    public static FileType ofStatWord(String word)
    {
        return switch (word.trim()) {
            case "regular file", "regular empty file" -> REGULAR;
            case "directory" -> DIRECTORY;
            case "character special file" -> CHARACTER_DEVICE;
            case "block special file" -> BLOCK_DEVICE;
            case "fifo" -> FIFO;
            case "socket" -> SOCKET;
            case "symbolic link" -> SYMBOLIC_LINK;
            default -> OTHER;
        };
    }

    /** The OCI {@code linux.devices[].type} letter, for device nodes. */
    public String ociDeviceType()
    {
        return switch (this) {
            case CHARACTER_DEVICE -> "c";
            case BLOCK_DEVICE -> "b";
            case FIFO -> "p";
            default -> throw new IllegalStateException(this + " is not a device");
        };
    }
}
