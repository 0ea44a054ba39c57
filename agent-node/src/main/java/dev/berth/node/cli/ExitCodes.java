package dev.berth.node.cli;

/** The CLI's exit codes, from the AgentError code the agent answered with. */
public final class ExitCodes
{
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;
    public static final int NOT_FOUND = 3;
    public static final int PLACEMENT = 4;

    private ExitCodes() {}

    public static int of(String errorCode)
    {
        return switch (errorCode) {
            case "INVALID_SPEC", "CONFIGURATION", "UNSUPPORTED" -> INVALID_INPUT;
            case "NOT_FOUND" -> NOT_FOUND;
            case "ROUTE_TO_PEER", "WRONG_PLATFORM" -> PLACEMENT;
            default -> FAILURE;
        };
    }

    private static final String STORAGE_HINT = "free space (or raise the quota) on the file system holding the path named above, "
            + "e.g. check it with 'df -h', then retry";

    /** A hint for the line after the error message; a full disk (ENOSPC, EDQUOT) gets the disk's hint whatever the code. */
    public static String hint(String errorCode, int errno)
    {
        return errno == 28 || errno == 122 ? STORAGE_HINT : hint(errorCode);
    }

    /** A hint for the line after the error message. */
    public static String hint(String errorCode)
    {
        return switch (errorCode) {
            case "NOT_FOUND" -> "list containers with 'berth ps' and images with 'berth images'";
            case "INVALID_SPEC" -> "fix the field named above and try again";
            case "CONFIGURATION" -> "check the agent's config (/etc/berth/config.yaml and --set) and run 'berth doctor'";
            case "UNSUPPORTED" -> "'berth node' lists this node's backends and what they support";
            case "ROUTE_TO_PEER" -> "this node cannot host it: deploy through the cluster scheduler, or on a peer with the required OS";
            case "WRONG_PLATFORM" -> "the image is built for another platform: use one for this node's OS and architecture";
            case "PULL_FAILED" -> "check the image reference and that the registry is reachable";
            case "STORAGE_FULL" -> STORAGE_HINT;
            case "TIMEOUT", "DEPENDENCY_TIMEOUT" -> "it took too long: check the container's logs with 'berth logs NAME'";
            case "CREATE_FAILED", "START_FAILED", "INIT_ACTION_FAILED", "UNEXPECTED_EXIT", "HEALTH_CHECK_FAILED" ->
                    "'berth inspect NAME' shows the evidence, 'berth logs NAME' the output";
            default -> "run 'berth doctor' for the node's state; the agent's log has the details";
        };
    }
}
