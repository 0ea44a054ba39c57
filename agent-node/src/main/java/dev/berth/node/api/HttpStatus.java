package dev.berth.node.api;

import dev.berth.core.error.ErrorCode;

/**
 * The HTTP status for each error code. Placement signals are answers, not server failures: 409 (route to a peer)
 * and 422 (wrong platform), never 5xx.
 */
public final class HttpStatus
{
    private HttpStatus() {}

    public static int of(ErrorCode code)
    {
        return switch (code) {
            case NOT_FOUND -> 404;
            case INVALID_SPEC, CONFIGURATION -> 400;
            case UNSUPPORTED -> 501;
            case ROUTE_TO_PEER -> 409;
            case WRONG_PLATFORM -> 422;
            case TIMEOUT, DEPENDENCY_TIMEOUT -> 504;
            case PULL_FAILED, NETWORK -> 502;
            case WSL_GPU_UNAVAILABLE, GPU_SHARING_UNAVAILABLE -> 503;
            case STORAGE_FULL -> 507;
            case CREATE_FAILED, START_FAILED, UNEXPECTED_EXIT, HEALTH_CHECK_FAILED, INIT_ACTION_FAILED, INTERNAL -> 500;
        };
    }
}
