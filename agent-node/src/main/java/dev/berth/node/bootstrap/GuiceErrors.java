package dev.berth.node.bootstrap;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.berth.core.error.AgentError;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Finds the AgentError a provider threw inside Guice's wrappers, whose own message is a report of every failure. */
final class GuiceErrors
{
    private GuiceErrors() {}

    static Optional<AgentError> agentError(Throwable thrown)
    {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof AgentError error) {
                return Optional.of(error);
            }
            // with several failed bindings Guice names no single cause: each is in its message
            for (Message message : messages(cause)) {
                if (message.getCause() != null && message.getCause() != cause) {
                    Optional<AgentError> found = agentError(message.getCause());
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Collection<Message> messages(Throwable thrown)
    {
        if (thrown instanceof CreationException creation) {
            return creation.getErrorMessages();
        }
        if (thrown instanceof ProvisionException provision) {
            return provision.getErrorMessages();
        }
        if (thrown instanceof ConfigurationException configuration) {
            return configuration.getErrorMessages();
        }
        return List.of();
    }
}
