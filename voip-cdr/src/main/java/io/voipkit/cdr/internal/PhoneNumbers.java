package io.voipkit.cdr.internal;

/**
 * Rule-based E.164 normalisation; see {@code ContactLinker}. Immutable.
 */
public final class PhoneNumbers {
    private final String countryCode;
    private final String internationalPrefix;
    private final String trunkPrefix;
    private final int internalMaxLength;

    /** Rules for a country; see {@code ContactLinker.Builder}. */
    public PhoneNumbers(String countryCode, String internationalPrefix, String trunkPrefix, int internalMaxLength) {
        this.countryCode = countryCode;
        this.internationalPrefix = internationalPrefix;
        this.trunkPrefix = trunkPrefix;
        this.internalMaxLength = internalMaxLength;
    }

    /** {@code +} and 8 to 15 digits, or {@code null}. */
    public String toE164(String raw) {
        if (raw == null || raw.length() > 40) {
            return null;
        }
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
                return null;                    // letters, '*', '#': not a phone number
            }
        }
        String d = digits.toString();
        String international;
        if (plus) {
            international = d;
        } else if (d.length() <= internalMaxLength) {
            return null;                        // an extension
        } else if (!internationalPrefix.isEmpty() && d.startsWith(internationalPrefix)) {
            international = d.substring(internationalPrefix.length());
        } else if (!trunkPrefix.isEmpty() && d.startsWith(trunkPrefix)) {
            international = countryCode + d.substring(trunkPrefix.length());
        } else {
            international = countryCode + d;
        }
        if (international.length() < 8 || international.length() > 15 || international.charAt(0) == '0') {
            return null;
        }
        return "+" + international;
    }
}
