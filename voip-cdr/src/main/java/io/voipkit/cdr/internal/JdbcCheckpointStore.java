package io.voipkit.cdr.internal;

import io.voipkit.cdr.CheckpointStore;
import io.voipkit.core.internal.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checkpoints in a database table ({@code voip_cdr_checkpoint}: source id, position), created on
 * first use, written with an upsert. Keeping them in the call log's database means one backup
 * holds both. Thread-safe.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
    private final DataSource dataSource;
    private final String table;
    private volatile SqlDialect dialect;

    /** Checkpoints in {@code table} (already validated) of {@code dataSource}. */
    public JdbcCheckpointStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    private SqlDialect migrate(Connection c) throws SQLException {
        SqlDialect d = dialect;
        if (d == null) {
            d = SqlDialect.of(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + d.quote(table) + " (source_id varchar(700) NOT NULL PRIMARY KEY, "
                        + "position varchar(700) NOT NULL)"
                        + (d == SqlDialect.POSTGRESQL ? "" : " DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin"));
            }
            dialect = d;
        }
        return d;
    }

    @Override
    public Optional<String> load(String sourceId) {
        Checks.notNull(sourceId, "sourceId");
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM " + d.quote(table)
                    + " WHERE source_id = ?")) {
                ps.setString(1, sourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the checkpoint of " + sourceId + " from " + table + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void save(String sourceId, String position) {
        Checks.notNull(sourceId, "sourceId");
        Checks.notNull(position, "position");
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            String sql = d == SqlDialect.POSTGRESQL
                    ? "INSERT INTO " + d.quote(table) + " (source_id, position) VALUES (?, ?) "
                            + "ON CONFLICT (source_id) DO UPDATE SET position = EXCLUDED.position"
                    : "INSERT INTO " + d.quote(table) + " (source_id, position) VALUES (?, ?) "
                            + "ON DUPLICATE KEY UPDATE position = VALUES(position)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, sourceId);
                ps.setString(2, position);
                ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the checkpoint of " + sourceId + " in " + table + ": "
                    + e.getMessage(), e);
        }
    }
}
