package io.voipkit.core;

import java.util.Locale;

/** How a call ended, as a call record (CDR) states it. */
public enum CallDisposition {
    /** Answered ({@code ANSWERED}). */
    ANSWERED,
    /** Rang but nobody answered ({@code NO ANSWER}). */
    NO_ANSWER,
    /** The called party was busy ({@code BUSY}). */
    BUSY,
    /** The call could not be placed ({@code FAILED}). */
    FAILED,
    /** The network was congested ({@code CONGESTION}). */
    CONGESTED,
    /** Missing, or a value voipkit does not know. */
    UNKNOWN;

    /**
     * Reads Asterisk's disposition text leniently: case, surrounding spaces, and space versus
     * underscore are ignored, so {@code "NO ANSWER"}, {@code "no_answer"} and {@code "NOANSWER"}
     * are all {@link #NO_ANSWER}; {@code "CONGESTION"} and {@code "CONGESTED"} are
     * {@link #CONGESTED}. Anything else, including {@code null} and blank, is {@link #UNKNOWN}.
     * Never throws.
     */
    public static CallDisposition parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        return switch (t) {
            case "ANSWERED", "ANSWER" -> ANSWERED;
            case "NO_ANSWER", "NOANSWER" -> NO_ANSWER;
            case "BUSY" -> BUSY;
            case "FAILED" -> FAILED;
            case "CONGESTION", "CONGESTED" -> CONGESTED;
            default -> UNKNOWN;
        };
    }
}
