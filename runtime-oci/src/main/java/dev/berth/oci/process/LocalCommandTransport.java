package dev.berth.oci.process;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.File;

/** Runs commands as child processes of this JVM, through the one {@link ProcessCall} every transport uses. */
public final class LocalCommandTransport
        implements CommandTransport
{
    private static final Logger log = LogManager.getLogger(LocalCommandTransport.class);

    @Override
    public CommandResult run(Command command)
    {
        long started = System.nanoTime();
        CommandResult result = ProcessCall.run(command, command.argv(), command.env(), command.workingDirectory().map(File::new).orElse(null),
                InputWriter.of(command));
        if (log.isDebugEnabled()) {
            log.debug("{} -> {} in {} ms", command.display(), result.exitCode(), (System.nanoTime() - started) / 1_000_000);
        }
        return result;
    }

    @Override
    public String describe()
    {
        return "local";
    }
}
