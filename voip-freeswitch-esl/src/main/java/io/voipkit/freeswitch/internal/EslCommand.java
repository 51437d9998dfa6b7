package io.voipkit.freeswitch.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes what the client sends: a command line, optional {@code Name: value} headers and an
 * optional body, exactly as FreeSWITCH's {@code mod_event_socket} reads them (the recorded
 * {@code *.sent.txt} files): {@code line\n}, headers, then either an empty line, or
 * {@code Content-Length: N\n\n} and N body bytes with no terminator.
 *
 * <p>Every part is validated before anything is sent: a CR or LF in the command line, a header
 * name or value would let a caller inject a second command (header injection), so it is an
 * {@link InvalidRequestException} naming the field, never stripped silently.
 */
public final class EslCommand {
    private EslCommand() {
    }

    /** {@code line\n\n}. */
    public static byte[] encode(String line) {
        return encode(line, List.of(), null);
    }

    /**
     * @param line    the command line, for example {@code sendevent CUSTOM}
     * @param headers headers in order; names must not contain ':' or line breaks; values no line breaks
     * @param body    body text or {@code null}; may hold line breaks (its length is sent)
     * @throws InvalidRequestException when a part is blank, holds CR/LF, or a name holds ':'
     */
    public static byte[] encode(String line, List<Map.Entry<String, String>> headers, String body) {
        return encode(line, headers, body, "Content-Length");
    }

    /**
     * As {@link #encode(String, List, String)}, with the body length sent under
     * {@code lengthHeader}: {@code sendmsg} bodies are announced as {@code content-length} (the
     * spelling of FreeSWITCH's own documentation and of the recorded outbound session),
     * {@code sendevent} bodies as {@code Content-Length}; FreeSWITCH reads both.
     */
    static byte[] encode(String line, List<Map.Entry<String, String>> headers, String body, String lengthHeader) {
        Checks.wireText(line, "command");
        Checks.notNull(headers, "headers");
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + line.length());
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        for (Map.Entry<String, String> h : headers) {
            String name = Checks.wireText(h.getKey(), "header name");
            if (name.indexOf(':') >= 0 || !name.strip().equals(name)) {
                throw new InvalidRequestException("header name", "must not contain ':' or surrounding spaces: "
                        + Checks.abbreviate(name));
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                throw new InvalidRequestException("header name", "Content-Length is computed from the body");
            }
            String value = Checks.noLineBreaks(Checks.notNull(h.getValue(), "header " + name), "header " + name);
            out.writeBytes((name + ": " + value + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (body != null) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((lengthHeader + ": " + b.length + "\n\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else {
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** {@code name} then, when {@code args} is non-empty, a space and {@code args}; both validated. */
    static String join(String name, String args, String field) {
        Checks.wireText(name, field);
        if (name.indexOf(' ') >= 0) {
            throw new InvalidRequestException(field, "must be one word (arguments go separately): " + Checks.abbreviate(name));
        }
        if (args == null || args.isEmpty()) {
            return name;
        }
        Checks.noLineBreaks(args, "arguments");
        return name + " " + args;
    }
}
