package dev.berth.lifecycle.replica;

import dev.berth.core.error.AgentError;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says once per container that the exit monitor cannot tell whether it still runs, rather than at every tick: the
 * monitor asks again each tick, and the log would otherwise fill with the same line for as long as the runtime fails.
 */
final class BlindWarnings
{
    private static final Logger log = LogManager.getLogger(Supervisor.class);

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void warnOnce(String id, AgentError cause)
    {
        if (warned.add(id)) {
            log.warn("cannot tell whether container {} still runs: its monitor saw no exit and the runtime answered: {}; "
                    + "asking again at every check (said once until it can tell)", id, cause.getMessage());
        }
        else {
            log.debug("still cannot tell whether container {} runs: {}", id, cause.getMessage());
        }
    }

    void forget(String id)
    {
        warned.remove(id);
    }
}
