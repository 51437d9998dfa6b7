package io.voipkit.core.event;

import java.util.Locale;

/** The level of a PBX log line ({@link LogLineReceived}), as Asterisk and FreeSWITCH write it. */
public enum LogLevel {
    /** {@code ERROR} (FreeSWITCH also {@code ERR}, {@code CRIT}, {@code ALERT}, {@code EMERG}). */
    ERROR,
    /** {@code WARNING} (FreeSWITCH {@code WARNING}). */
    WARNING,
    /** {@code NOTICE}. */
    NOTICE,
    /** {@code VERBOSE} (FreeSWITCH {@code INFO}). */
    VERBOSE,
    /** {@code DEBUG} (FreeSWITCH {@code DEBUG}, {@code CONSOLE}). */
    DEBUG,
    /** {@code DTMF}. */
    DTMF,
    /** {@code SECURITY}: authentication and ACL events. */
    SECURITY,
    /** A level voipkit does not know, or none. */
    UNKNOWN;

    /**
     * Reads a level leniently: case and surrounding spaces are ignored, FreeSWITCH's names are
     * mapped ({@code ERR}, {@code CRIT}, {@code ALERT}, {@code EMERG} → {@link #ERROR};
     * {@code INFO} → {@link #VERBOSE}; {@code CONSOLE} → {@link #DEBUG}), Asterisk's
     * {@code VERBOSE[123]} style suffix is ignored, and anything else, including {@code null}, is
     * {@link #UNKNOWN}. Never throws.
     */
    public static LogLevel parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.strip();
        int bracket = t.indexOf('[');
        if (bracket >= 0) {
            t = t.substring(0, bracket);
        }
        return switch (t.toUpperCase(Locale.ROOT)) {
            case "ERROR", "ERR", "CRIT", "CRITICAL", "ALERT", "EMERG" -> ERROR;
            case "WARNING", "WARN" -> WARNING;
            case "NOTICE" -> NOTICE;
            case "VERBOSE", "INFO" -> VERBOSE;
            case "DEBUG", "CONSOLE" -> DEBUG;
            case "DTMF" -> DTMF;
            case "SECURITY" -> SECURITY;
            default -> UNKNOWN;
        };
    }
}
