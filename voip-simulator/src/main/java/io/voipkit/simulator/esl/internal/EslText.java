package io.voipkit.simulator.esl.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Text helpers of the ESL wire format: FreeSWITCH's URL encoding, JSON and XML escaping. */
public final class EslText {
    private EslText() {
    }

    /**
     * FreeSWITCH's {@code switch_url_encode} as the transcripts show it: letters, digits and
     * {@code -._~!'()*,/} stay as they are, every other byte (space, {@code :}, {@code +}, {@code %},
     * {@code @}, UTF-8 bytes...) becomes {@code %XX} in upper-case hex.
     */
    public static String urlEncode(String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            plain = safe(value.charAt(i));
        }
        if (plain) {
            return value; // the common case (uuids, numbers, names) allocates nothing
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && safe(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean safe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!'()*,/".indexOf(c) >= 0;
    }

    /** Decodes {@code %XX} sequences (UTF-8); a {@code %} not followed by two hex digits stays as it is. */
    public static String urlDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Appends a JSON string literal (quotes included). */
    public static void appendJsonString(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** XML text escaping for the few values that are not URL-encoded (bodies, api XML output). */
    public static String xmlEscape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
