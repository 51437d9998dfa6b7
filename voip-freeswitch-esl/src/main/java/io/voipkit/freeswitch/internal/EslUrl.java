package io.voipkit.freeswitch.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FreeSWITCH's URL encoding of header values in plain and XML events and in the outbound
 * {@code connect} reply (fixture fact 3). Mirrors {@code switch_url_decode}: {@code %XX} becomes
 * the byte XX, everything else, {@code +} included, stays as it is (FreeSWITCH encodes {@code +}
 * as {@code %2B}, so a literal {@code +} never means a space), and a {@code %} not followed by
 * two hex digits is kept literally rather than rejected: a caller-ID name must not kill a
 * connection. The bytes are UTF-8 (invalid sequences become U+FFFD).
 */
public final class EslUrl {
    private EslUrl() {
    }

    /** The decoded value; returns {@code value} itself (no copy) when it holds no {@code %}. */
    public static String decode(String value) {
        int first = value.indexOf('%');
        if (first < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Decodes the raw value bytes {@code b[from, to)} (event parser hot path: no intermediate
     * {@code String}); the decoded bytes are written to {@code scratch}, which must hold at least
     * {@code to - from} bytes, and returned as UTF-8 text.
     */
    static String decode(byte[] b, int from, int to, byte[] scratch) {
        int n = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            int hi;
            int lo;
            if (c == '%' && i + 2 < to && (hi = hex(b[i + 1])) >= 0 && (lo = hex(b[i + 2])) >= 0) {
                c = (byte) (hi << 4 | lo);
                i += 2;
            }
            ascii &= c >= 0;
            scratch[n++] = c;
        }
        return new String(scratch, 0, n, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
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
}
