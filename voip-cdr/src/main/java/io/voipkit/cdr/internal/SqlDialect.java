package io.voipkit.cdr.internal;

import io.voipkit.core.InvalidRequestException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What differs between PostgreSQL and MariaDB/MySQL in the SQL voip-cdr writes: identifier
 * quoting, "insert unless the key exists", the types of the call-log table, and how a result set
 * is streamed instead of loaded whole.
 */
public enum SqlDialect {
    /** PostgreSQL 12 or later. */
    POSTGRESQL,
    /** MariaDB 10.5 or later, MySQL 8. */
    MARIADB;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /** The dialect of the database {@code connection} talks to. */
    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        throw new SQLException("unsupported database " + product + ": voip-cdr supports PostgreSQL and MariaDB/MySQL");
    }

    /**
     * Checks a table name from configuration ({@code name} or {@code schema.name}, letters,
     * digits and {@code _}): it is put into SQL text, so nothing else may pass.
     */
    public static String tableName(String table, String field) {
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new InvalidRequestException(field, "must be a table name ([schema.]name of letters, digits and _), was "
                    + (table == null ? "null" : io.voipkit.core.internal.Checks.abbreviate(table)));
        }
        return table;
    }

    /** {@code name} quoted as an identifier ({@code end} is a reserved word in both). */
    public String quote(String name) {
        String q = this == POSTGRESQL ? "\"" : "`";
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(q).append(part).append(q);
        }
        return sb.toString();
    }

    /** The fetch size that makes the driver stream rows; PostgreSQL also needs auto-commit off. */
    public int streamingFetchSize() {
        return 1000;
    }
}
