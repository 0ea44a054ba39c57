package dev.berth.hcs.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process of {@link TestingComputeCore} does, read from its parameters as the C stub's {@code stub_command.h}
 * reads them: the CommandLine split at '&' and ';' into {@code echo TEXT} (with %NAME% from its Environment, and
 * %USERNAME% its User), {@code exit N}, {@code ping -n N} (a pause of N-1 seconds), {@code ping -t} (forever) and
 * {@code flood N}; a command line with none of these runs until terminated, and an executable named "no-such..."
 * does not exist.
 *
 * @param chunks output[0..end) is printed atMillis after the start
 * @param endsAtMillis when it exits, after the start; -1 runs until terminated
 */
record TestingCommand(byte[] output, List<Chunk> chunks, long endsAtMillis, int exitCode, boolean missing)
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("%([^%]+)%");
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    record Chunk(int end, long atMillis) {}

    static TestingCommand of(String parameters)
    {
        JsonNode document;
        try {
            document = JSON.readTree(parameters);
        }
        catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        String command = document.path("CommandLine").asText("");
        boolean missing = command.split(" ", 2)[0].contains("no-such");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<Chunk> chunks = new ArrayList<>();
        long at = 0;
        boolean recognised = false;
        boolean forever = false;
        int exitCode = 0;
        for (String segment : command.split("[&;]")) {
            String text = null;
            if (segment.contains("flood ")) {
                text = "y".repeat(number(segment.substring(segment.indexOf("flood ")))) + "END";
            }
            else if (segment.contains("echo ")) {
                text = expand(segment.substring(segment.indexOf("echo ") + 5).replaceAll("[ \"']+$", ""), document) + "\r\n";
            }
            else if (segment.contains("exit ")) {
                exitCode = number(segment.substring(segment.indexOf("exit ")));
                recognised = true;
                break;
            }
            else if (segment.contains("ping -n ")) {
                at += (number(segment.substring(segment.indexOf("ping -n "))) - 1) * 1000L;
                recognised = true;
            }
            else if (segment.contains("ping -t")) {
                forever = true;
                break;
            }
            if (text != null) {
                output.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                chunks.add(new Chunk(output.size(), at));
                recognised = true;
            }
        }
        return new TestingCommand(output.toByteArray(), List.copyOf(chunks), recognised && !forever ? at : -1, exitCode, missing);
    }

    private static int number(String text)
    {
        Matcher matcher = NUMBER.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** cmd's %NAME%: the Environment's value, USERNAME the User; an undefined one stays as written. */
    private static String expand(String text, JsonNode document)
    {
        return VARIABLE.matcher(text).replaceAll(match -> {
            String name = match.group(1);
            JsonNode value = name.equalsIgnoreCase("USERNAME") ? document.path("User") : document.path("Environment").path(name);
            return Matcher.quoteReplacement(value.isTextual() ? value.asText() : match.group());
        });
    }
}
