package io.voipkit.spring.boot.internal;

import io.voipkit.cdr.CdrDatabase;
import io.voipkit.core.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database pools the CDR auto-configuration opened itself ({@code voip.cdr.source.url},
 * {@code voip.cdr.sink.url}), closed together when the context closes. The application's own
 * {@code DataSource} is never closed here.
 */
public final class CdrConnections implements AutoCloseable {
    private final Map<String, CdrDatabase> databases = new LinkedHashMap<>();

    /**
     * A pool for {@code url} and {@code user} that {@link #close()} will close; opened on the first
     * call (lazily: no connection is made here), shared by later calls with the same URL and user.
     */
    public synchronized CdrDatabase connect(String url, String user, String password, String urlProperty) {
        Checks.wireText(url, urlProperty);
        Checks.wireText(user, urlProperty.replace(".url", ".username"));
        Checks.notNull(password, urlProperty.replace(".url", ".password"));
        String key = url + "\n" + user;
        CdrDatabase db = databases.get(key);
        if (db != null) {
            return db;
        }
        try {
            db = CdrDatabase.connect(url, user, password);
        } catch (io.voipkit.core.InvalidRequestException e) {
            throw new io.voipkit.core.InvalidRequestException(urlProperty, e.getMessage());
        } catch (RuntimeException e) {
            // HikariCP resolves the driver at once: name the property and the likely fix.
            throw new io.voipkit.core.InvalidRequestException(urlProperty, "cannot use " + Checks.abbreviate(url) + ": "
                    + e.getMessage() + " (is the JDBC driver, org.postgresql:postgresql or "
                    + "org.mariadb.jdbc:mariadb-java-client, on the classpath?)");
        }
        databases.put(key, db);
        return db;
    }

    @Override
    public synchronized void close() {
        for (CdrDatabase db : databases.values()) {
            db.close();
        }
        databases.clear();
    }

    @Override
    public synchronized String toString() {
        return "CdrConnections" + databases.values();
    }
}
