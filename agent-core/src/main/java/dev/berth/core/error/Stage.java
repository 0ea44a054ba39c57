package dev.berth.core.error;

/**
 * The boot stage an error belongs to, as written into {@code boot-error.json}.
 * Always derived from the error's type through {@link ErrorCode#stage()}, never from message text.
 */
public enum Stage
{
    MOUNT("mount"),
    CREATE("create"),
    CONFIG("config"),
    NETWORK("network"),
    IMAGE("image"),
    OTHER("other");

    private final String wireName;

    Stage(String wireName)
    {
        this.wireName = wireName;
    }

    public String wireName()
    {
        return wireName;
    }

    public static Stage fromWireName(String name)
    {
        for (Stage stage : values()) {
            if (stage.wireName.equals(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name + "'");
    }
}
