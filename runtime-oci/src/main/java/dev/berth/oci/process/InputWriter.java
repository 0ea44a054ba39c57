package dev.berth.oci.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a command's standard input (a tar stream of a layer, a config file); the stream is closed afterwards. */
@FunctionalInterface
public interface InputWriter
{
    InputWriter NONE = output -> {};

    void write(OutputStream output) throws IOException;

    /** The command's own text stdin, in UTF-8; nothing when it has none. */
    static InputWriter of(Command command)
    {
        return command.stdin().map(text -> (InputWriter) output -> output.write(text.getBytes(StandardCharsets.UTF_8))).orElse(NONE);
    }
}
