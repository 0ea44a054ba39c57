package dev.berth.wsl2.transport;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a command's standard input (a tar stream of a layer, a config file); the stream is closed afterwards. */
@FunctionalInterface
public interface InputWriter
{
    InputWriter NONE = output -> {};

    void write(OutputStream output) throws IOException;
}
