package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.PropertiesPbxProvider;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voipkit.core.internal.ProviderProperties.parseBoolean;
import static io.voipkit.core.internal.ProviderProperties.parseInt;

/**
 * Creates {@link AsteriskPbx} instances from properties (kind {@code asterisk}), for the Spring
 * Boot starter and other configuration-driven users. Registered in
 * {@code META-INF/services/io.voipkit.core.spi.PbxProvider}.
 *
 * <p>Adapter keys: {@code host} (required), {@code port}, {@code username} (required),
 * {@code secret} (required), {@code tls}, {@code truststore}, {@code truststore-password},
 * {@code hostname-verification}, {@code zone}, {@code log-files} (comma-separated paths). The
 * {@link PbxConfig} keys ({@code connect-timeout}, {@code action-timeout}, ...) are passed to
 * {@link PbxConfig.Builder#properties}. Keys are matched ignoring case and dashes; an unknown key
 * is rejected so that a typo does not silently fall back to a default.
 */
public final class AsteriskPbxProvider extends PropertiesPbxProvider {

    /** For {@link java.util.ServiceLoader}. */
    public AsteriskPbxProvider() {
        super("asterisk");
    }

    @Override
    protected Pbx create(String id, PbxConfig config, Map<String, String> adapter) {
        AsteriskPbx.Builder b = AsteriskPbx.builder().id(id).config(config);
        for (Map.Entry<String, String> e : adapter.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "host" -> b.host(v);
                case "port" -> b.port(parseInt(v, "port"));
                case "username" -> b.username(v);
                case "secret" -> b.secret(v);
                case "tls" -> b.tls(parseBoolean(v, "tls"));
                case "hostnameverification" -> b.hostnameVerification(parseBoolean(v, "hostname-verification"));
                case "truststore", "truststorepassword" -> {
                    // handled together below
                }
                case "zone", "zoneid" -> {
                    try {
                        b.zoneId(ZoneId.of(v));
                    } catch (DateTimeException ex) {
                        throw new InvalidRequestException("zone", "is not a time zone: " + Checks.abbreviate(v));
                    }
                }
                case "logfiles" -> {
                    List<Path> files = new ArrayList<>();
                    for (String part : v.split(",")) {
                        if (!part.isBlank()) {
                            files.add(Path.of(part.strip()));
                        }
                    }
                    b.logFiles(files.toArray(new Path[0]));
                }
                default -> throw new InvalidRequestException(e.getKey(), "is not an Asterisk setting; known: host, port, "
                        + "username, secret, tls, truststore, truststore-password, hostname-verification, zone, "
                        + "log-files and the PbxConfig keys");
            }
        }
        String trustStore = adapter.get("truststore");
        if (trustStore != null) {
            String pw = adapter.get("truststorepassword");
            b.truststore(Path.of(trustStore), pw == null ? null : pw.toCharArray());
        } else if (adapter.containsKey("truststorepassword")) {
            throw new InvalidRequestException("truststore-password", "needs truststore");
        }
        return b.build();
    }
}
