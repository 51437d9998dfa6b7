package io.voipkit.ami.internal.log;

/**
 * The text matching behind {@code LogQuery}: allocation-free, linear-time (no regular
 * expressions, so a user's filter text cannot make matching slow).
 *
 * <p>Stateless and thread-safe.
 */
public final class LogMatching {
    private LogMatching() {
    }

    /** Whether {@code haystack} contains {@code needle}, ignoring case; {@code null} haystack never matches. */
    public static boolean containsIgnoreCase(String haystack, String needle) {
        if (haystack == null) {
            return false;
        }
        int n = needle.length();
        if (n == 0) {
            return true;
        }
        int last = haystack.length() - n;
        for (int i = 0; i <= last; i++) {
            if (haystack.regionMatches(true, i, needle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line's source matches a source filter term, ignoring case. The source is what
     * the line names ({@code res_pjsip_registrar.c}, {@code res_pjsip/pjsip_resolver.c}, or with
     * the plain formatter {@code pbx.c:4321 pbx_exec}); the term matches when it is
     * <ol>
     *   <li>the file ({@code res_pjsip_registrar.c}), or the file without directory or
     *       extension ({@code pjsip_resolver});</li>
     *   <li>a module prefix of the file, ending at {@code .}, {@code _} or {@code /}
     *       ({@code res_pjsip} matches {@code res_pjsip.c}, {@code res_pjsip_registrar.c} and
     *       {@code res_pjsip/pjsip_resolver.c}; {@code app_dial} matches {@code app_dial.c}
     *       but not {@code app_dialx.c});</li>
     *   <li>a bare word (letters and digits only) equal to one of the parts of the file split
     *       at {@code _ . / -} ({@code PJSIP} matches {@code chan_pjsip.c},
     *       {@code res_pjsip_registrar.c}, {@code res_pjsip/pjsip_resolver.c}).</li>
     * </ol>
     */
    public static boolean sourceMatches(String source, String term) {
        if (source == null) {
            return false;
        }
        String file = fileOf(source);
        if (file.equalsIgnoreCase(term)) {
            return true;
        }
        int slash = file.lastIndexOf('/');
        String base = file.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        if (base.equalsIgnoreCase(term) || stem.equalsIgnoreCase(term)) {
            return true;
        }
        if (startsWithAtBoundary(file, term) || (slash >= 0 && startsWithAtBoundary(base, term))) {
            return true;
        }
        if (isWord(term)) {
            int start = 0;
            for (int i = 0; i <= file.length(); i++) {
                if (i == file.length() || isSeparator(file.charAt(i))) {
                    if (i - start == term.length() && file.regionMatches(true, start, term, 0, term.length())) {
                        return true;
                    }
                    start = i + 1;
                }
            }
        }
        return false;
    }

    /** The file part of a source: {@code pbx.c:4321 pbx_exec} gives {@code pbx.c}. */
    public static String fileOf(String source) {
        int colon = source.indexOf(':');
        return colon > 0 ? source.substring(0, colon) : source;
    }

    private static boolean startsWithAtBoundary(String s, String prefix) {
        int n = prefix.length();
        if (s.length() <= n || !s.regionMatches(true, 0, prefix, 0, n)) {
            return false;
        }
        char next = s.charAt(n);
        return next == '.' || next == '_' || next == '/';
    }

    private static boolean isWord(String term) {
        if (term.isEmpty()) {
            return false;
        }
        for (int i = 0; i < term.length(); i++) {
            if (!Character.isLetterOrDigit(term.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return c == '_' || c == '.' || c == '/' || c == '-';
    }

    /**
     * Whether {@code text} mentions the endpoint as a whole name, ignoring case: {@code 101-ep}
     * is found in {@code 'PJSIP/101-ep'}, {@code sip:101-ep@host} and in the channel name
     * {@code PJSIP/101-ep-0000002a}, but not in {@code 1101-ep}, {@code 101-ep2} or (for
     * endpoint {@code 101}) in {@code 101-ep} or the address {@code 192.0.2.101}.
     *
     * <p>The rule: the character before must not be a letter, digit, {@code _}, {@code -} or
     * {@code .}; after it must come the end, a character that is not a letter, digit, {@code _}
     * or {@code -} (a {@code .} only when no digit follows), or Asterisk's channel suffix
     * {@code -} plus eight hex digits.
     */
    public static boolean mentionsEndpoint(String text, String endpoint) {
        if (text == null || endpoint.isEmpty()) {
            return false;
        }
        int n = endpoint.length();
        int last = text.length() - n;
        for (int i = 0; i <= last; i++) {
            if (!text.regionMatches(true, i, endpoint, 0, n)) {
                continue;
            }
            if (i > 0) {
                char before = text.charAt(i - 1);
                if (isNameChar(before) || before == '-' || before == '.') {
                    continue;
                }
            }
            int after = i + n;
            if (after == text.length()) {
                return true;
            }
            char c = text.charAt(after);
            if (c == '-') {
                if (isChannelSuffix(text, after)) {
                    return true;
                }
                continue;
            }
            if (c == '.') {
                if (after + 1 < text.length() && Character.isDigit(text.charAt(after + 1))) {
                    continue;
                }
                return true;
            }
            if (!isNameChar(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** {@code -} followed by exactly eight hex digits and then no further name character. */
    private static boolean isChannelSuffix(String text, int dash) {
        int end = dash + 9;
        if (end > text.length()) {
            return false;
        }
        for (int j = dash + 1; j < end; j++) {
            if (Character.digit(text.charAt(j), 16) < 0) {
                return false;
            }
        }
        return end == text.length() || !isNameChar(text.charAt(end));
    }
}
