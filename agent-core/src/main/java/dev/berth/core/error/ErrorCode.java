package dev.berth.core.error;

import static java.util.Objects.requireNonNull;

/**
 * Stable, numbered codes for every {@link AgentError} variant. The wire form carries {@link #name()};
 * numbers and names never change once released.
 */
public enum ErrorCode
{
    NOT_FOUND(1, ErrorType.USER, Stage.OTHER),
    PULL_FAILED(2, ErrorType.EXTERNAL, Stage.IMAGE),
    CREATE_FAILED(3, ErrorType.EXTERNAL, Stage.CREATE),
    START_FAILED(4, ErrorType.EXTERNAL, Stage.CREATE),
    UNEXPECTED_EXIT(5, ErrorType.EXTERNAL, Stage.OTHER),
    HEALTH_CHECK_FAILED(6, ErrorType.EXTERNAL, Stage.OTHER),
    INIT_ACTION_FAILED(7, ErrorType.EXTERNAL, Stage.OTHER),
    TIMEOUT(8, ErrorType.EXTERNAL, Stage.OTHER),
    DEPENDENCY_TIMEOUT(9, ErrorType.EXTERNAL, Stage.OTHER),
    INVALID_SPEC(10, ErrorType.USER, Stage.CONFIG),
    NETWORK(11, ErrorType.EXTERNAL, Stage.NETWORK),
    CONFIGURATION(12, ErrorType.USER, Stage.CONFIG),
    INTERNAL(13, ErrorType.INTERNAL, Stage.OTHER),
    UNSUPPORTED(14, ErrorType.USER, Stage.CONFIG),
    WSL_GPU_UNAVAILABLE(15, ErrorType.EXTERNAL, Stage.MOUNT),
    GPU_SHARING_UNAVAILABLE(16, ErrorType.EXTERNAL, Stage.MOUNT),
    ROUTE_TO_PEER(17, ErrorType.PLACEMENT, Stage.OTHER),
    WRONG_PLATFORM(18, ErrorType.PLACEMENT, Stage.IMAGE),
    STORAGE_FULL(19, ErrorType.EXTERNAL, Stage.OTHER);

    private final int number;
    private final ErrorType type;
    private final Stage stage;

    ErrorCode(int number, ErrorType type, Stage stage)
    {
        this.number = number;
        this.type = requireNonNull(type, "type is null");
        this.stage = requireNonNull(stage, "stage is null");
    }

    public int number()
    {
        return number;
    }

    public ErrorType type()
    {
        return type;
    }

    public Stage stage()
    {
        return stage;
    }

    public boolean isPlacementSignal()
    {
        return type == ErrorType.PLACEMENT;
    }
}
