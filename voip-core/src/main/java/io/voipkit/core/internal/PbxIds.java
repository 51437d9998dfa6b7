package io.voipkit.core.internal;

/**
 * Default PBX ids, the same rule for every adapter: {@code <kind>-<host>-<port>}, characters an
 * id may not hold replaced by {@code _}, cut to the 64 characters {@link Checks#identifier}
 * allows.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public final class PbxIds {
    private static final int MAX_LENGTH = 64;

    private PbxIds() {
    }

    /**
     * The default id of a PBX at {@code host:port}, for example {@code asterisk-10.0.0.5-5038} or
     * {@code freeswitch-pbx_example.com-8021} for a host {@code pbx:example.com}.
     *
     * @param prefix the adapter's kind, for example {@code asterisk}
     */
    public static String defaultId(String prefix, String host, int port) {
        Checks.notNull(prefix, "prefix");
        Checks.notNull(host, "host");
        StringBuilder sb = new StringBuilder(prefix).append('-');
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' || c == '_';
            sb.append(ok ? c : '_');
        }
        sb.append('-').append(port);
        return sb.length() > MAX_LENGTH ? sb.substring(0, MAX_LENGTH) : sb.toString();
    }
}
