package io.voipkit.cdr.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.voipkit.cdr.PhoneNumber;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.util.Locale;

/**
 * The classification behind {@code ContactLinker}: internal extension, valid E.164 number (by
 * libphonenumber, parsed in a default region), or invalid with a reason. Immutable and
 * thread-safe; libphonenumber's {@link PhoneNumberUtil} is its own immutable singleton.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String region;
    private final int internalMaxLength;

    /** Numbers of {@code region} (checked), extensions up to {@code internalMaxLength} digits. */
    public PhoneNumbers(String region, int internalMaxLength) {
        this.region = region;
        this.internalMaxLength = internalMaxLength;
    }

    /** The default region. */
    public String region() {
        return region;
    }

    /** {@code v} as a region libphonenumber knows, upper case; else an {@link InvalidRequestException} naming {@code field}. */
    public static String region(String v, String field) {
        Checks.notNull(v, field);
        String r = v.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new InvalidRequestException(field, "must be an ISO 3166 region code libphonenumber knows, such as DE, "
                    + "GB or US, was " + Checks.abbreviate(v));
        }
        return r;
    }

    /** The main region of calling code {@code v} (1 to 3 digits); else an {@link InvalidRequestException}. */
    public static String regionOfCallingCode(String v, String field) {
        Checks.notNull(v, field);
        if (v.isEmpty() || v.length() > 3 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidRequestException(field, "must be 1 to 3 digits, was " + Checks.abbreviate(v));
        }
        String r = UTIL.getRegionCodeForCountryCode(Integer.parseInt(v));
        if ("ZZ".equals(r) || "001".equals(r)) {
            throw new InvalidRequestException(field, "must be the calling code of a country, was " + v);
        }
        return r;
    }

    /** What {@code raw} (not blank, at most 64 characters) is. */
    public PhoneNumber check(String raw) {
        StringBuilder digits = new StringBuilder(raw.length());
        boolean plus = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c == '*' || c == '#') {
                return invalid(raw, "holds * or #: a feature code, not a phone number");
            } else if (Character.isLetter(c)) {
                // libphonenumber would read letters as a vanity number (1-800-FLOWERS); in a CDR
                // they are a name (anonymous, agent1, s), never a number
                return invalid(raw, "holds letters: not a phone number");
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
                return invalid(raw, "holds '" + c + "': not a phone number");
            }
        }
        if (digits.isEmpty()) {
            return invalid(raw, "holds no digits");
        }
        if (!plus && digits.length() <= internalMaxLength) {
            return new PhoneNumber(raw, PhoneNumber.Kind.INTERNAL, raw.strip(), null);
        }
        Phonenumber.PhoneNumber n;
        try {
            n = UTIL.parse((plus ? "+" : "") + digits, region);
        } catch (NumberParseException e) {
            return invalid(raw, switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "no such country calling code";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
                case TOO_LONG -> "too long";
                default -> "not a phone number";
            });
        }
        if (!UTIL.isValidNumber(n)) {
            String why = switch (UTIL.isPossibleNumberWithReason(n)) {
                case TOO_SHORT -> "too short";
                case TOO_LONG -> "too long";
                case INVALID_COUNTRY_CODE -> "no such country calling code";
                case INVALID_LENGTH -> "a length no number of that country has";
                case IS_POSSIBLE_LOCAL_ONLY -> "a local number without its area code";
                default -> "not in the numbering plan";
            };
            String where = UTIL.getRegionCodeForCountryCode(n.getCountryCode());
            return invalid(raw, why + " (+" + n.getCountryCode() + ", " + ("ZZ".equals(where) ? "no region" : where) + ")");
        }
        return new PhoneNumber(raw, PhoneNumber.Kind.E164, UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164), null);
    }

    private static PhoneNumber invalid(String raw, String reason) {
        return new PhoneNumber(raw, PhoneNumber.Kind.INVALID, null, reason);
    }
}
