package dev.berth.oci.process;

import dev.berth.core.error.Timeout;

/**
 * Where external commands run. Every call the Linux backend makes out of the JVM (the OCI runtime, conmon,
 * mount) goes through one of these, so the same bundle builder and OCI driver work on this host
 * ({@link LocalCommandTransport}) and inside a WSL2 distro (the runtime-wsl2 delegate's
 * {@code wsl.exe -d DISTRO -u root --} transport).
 *
 * <p>Reuse point: implement this to run the backend's commands somewhere else. Implementations must enforce
 * {@link Command#timeout()} and kill the command when it runs over.
 */
public interface CommandTransport
{
    /**
     * Runs the command to completion and captures its output.
     *
     * @return the result, also when the command failed or could not be launched (exit status 127)
     * @throws Timeout when the command ran past its timeout; it has been killed
     */
    CommandResult run(Command command);

    /** Where commands run, for messages: {@code local}, {@code wsl:Ubuntu}. */
    String describe();
}
