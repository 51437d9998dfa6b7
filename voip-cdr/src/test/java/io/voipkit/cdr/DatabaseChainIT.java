package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.testsupport.ItServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain from a test to the real PostgreSQL 15 and MariaDB 10.11 that {@code scripts/test.sh}
 * starts: JDBC connections with the generated credentials, a round trip through a temporary table
 * (including text outside the Basic Multilingual Plane, which needs utf8mb4), the server versions,
 * and Asterisk's {@code cdr} table that {@code cdr_pgsql} writes.
 */
class DatabaseChainIT {

    /** A caller name with a non-BMP character: MariaDB's legacy 3-byte utf8 would reject it. */
    private static final String CALLER_NAME = "Zoë \uD83D\uDCDE Müller";

    private ItServices services;

    /** Per test, so that without services each test shows as skipped (or failed, under scripts/test.sh). */
    @BeforeEach
    void services() {
        services = ItServices.require();
    }

    @Test
    void postgresIsVersion15AndRoundTripsARow() throws SQLException {
        try (Connection db = DriverManager.getConnection(services.postgresUrl(), services.postgresUser(),
                services.postgresPassword())) {
            assertThat(db.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(db.getMetaData().getDatabaseProductVersion()).startsWith("15.");
            try (Statement ddl = db.createStatement()) {
                ddl.execute("CREATE TEMPORARY TABLE chain_check (id integer PRIMARY KEY, caller text NOT NULL, "
                        + "started timestamp NOT NULL)");
            }

            assertRoundTrip(db);
        }
    }

    @Test
    void mariadbIsVersion10_11AndRoundTripsARow() throws SQLException {
        try (Connection db = DriverManager.getConnection(services.mariadbUrl(), services.mariadbUser(),
                services.mariadbPassword())) {
            assertThat(db.getMetaData().getDatabaseProductVersion()).startsWith("10.11.");
            try (Statement ddl = db.createStatement()) {
                ddl.execute("CREATE TEMPORARY TABLE chain_check (id int PRIMARY KEY, caller varchar(100) NOT NULL, "
                        + "started datetime(3) NOT NULL) DEFAULT CHARSET = utf8mb4");
            }

            assertRoundTrip(db);
        }
    }

    @Test
    void asteriskCdrTableIsReadyInPostgres() throws SQLException {
        try (Connection db = DriverManager.getConnection(services.postgresUrl(), services.postgresUser(),
                services.postgresPassword());
                Statement query = db.createStatement();
                ResultSet columns = query.executeQuery("SELECT uniqueid, linkedid, start, answer, \"end\", duration, "
                        + "billsec, disposition, userfield FROM cdr WHERE false")) {
            assertThat(columns.getMetaData().getColumnCount()).isEqualTo(9);
        }
    }

    @Test
    void wrongPasswordsAreRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(services.postgresUrl(), services.postgresUser(),
                services.postgresPassword() + "-wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(services.mariadbUrl(), services.mariadbUser(),
                services.mariadbPassword() + "-wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
    }

    private void assertRoundTrip(Connection db) throws SQLException {
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO chain_check (id, caller, started) VALUES (?, ?, ?)")) {
            insert.setInt(1, 42);
            insert.setString(2, CALLER_NAME);
            insert.setTimestamp(3, Timestamp.from(started));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement select = db.prepareStatement("SELECT caller, started FROM chain_check WHERE id = ?")) {
            select.setInt(1, 42);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("caller")).isEqualTo(CALLER_NAME);
                assertThat(row.getTimestamp("started").toInstant()).isEqualTo(started);
                assertThat(row.next()).isFalse();
            }
        }
    }
}
