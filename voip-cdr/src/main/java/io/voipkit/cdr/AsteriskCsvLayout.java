package io.voipkit.cdr;

/**
 * The column layout of an Asterisk {@code Master.csv}: the 16 standard columns (accountcode, src,
 * dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration,
 * billsec, disposition, amaflags), followed by uniqueid when {@code cdr.conf} has
 * {@code loguniqueid = yes} and userfield when it has {@code loguserfield = yes}.
 */
public enum AsteriskCsvLayout {
    /**
     * Decided per row by its column count: 16 standard, 17 with uniqueid, 18 with both. The
     * default; a 17-column file written with only {@code loguserfield} needs {@link #WITH_USERFIELD}.
     */
    AUTO(0, null),
    /** The 16 standard columns only (no uniqueid: a synthetic id is derived from the row). */
    STANDARD(16, null),
    /** 17 columns, the last being uniqueid ({@code loguniqueid = yes}). */
    WITH_UNIQUEID(17, Boolean.TRUE),
    /** 17 columns, the last being userfield ({@code loguserfield = yes} only). */
    WITH_USERFIELD(17, Boolean.FALSE),
    /** 18 columns: uniqueid and userfield (both options on, as in Asterisk's sample {@code cdr.conf}). */
    WITH_UNIQUEID_AND_USERFIELD(18, null);

    private final int columns;
    private final Boolean seventeenthIsUniqueId;

    AsteriskCsvLayout(int columns, Boolean seventeenthIsUniqueId) {
        this.columns = columns;
        this.seventeenthIsUniqueId = seventeenthIsUniqueId;
    }

    /** The column count this layout accepts, {@code 0} for any of 16 to 18. */
    int columns() {
        return columns;
    }

    /** For 17 columns: whether the last is uniqueid ({@code null}: not fixed, read as uniqueid). */
    Boolean seventeenthIsUniqueId() {
        return seventeenthIsUniqueId;
    }
}
