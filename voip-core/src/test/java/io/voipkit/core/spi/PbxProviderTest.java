package io.voipkit.core.spi;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.testsupport.MutableClock;
import io.voipkit.testsupport.StubPbx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PbxProviderTest {

    /** Found through a service file written by the test. */
    public static final class StubProvider implements PbxProvider {
        @Override
        public String kind() {
            return "stub";
        }

        @Override
        public Pbx create(String id, Map<String, String> properties) {
            return new StubPbx(id, PbxKind.ASTERISK, PbxConfig.builder().properties(properties).build(), new MutableClock());
        }
    }

    /** A second provider claiming the same kind. */
    public static final class DuplicateProvider implements PbxProvider {
        @Override
        public String kind() {
            return "STUB";
        }

        @Override
        public Pbx create(String id, Map<String, String> properties) {
            throw new UnsupportedOperationException();
        }
    }

    private static ClassLoader loaderWithServices(Path dir, String... providerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(PbxProvider.class.getName()), String.join("\n", providerClasses) + "\n");
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, PbxProviderTest.class.getClassLoader());
    }

    @Test
    void providersAreFoundByKindCaseInsensitively(@TempDir Path dir) throws IOException {
        ClassLoader cl = loaderWithServices(dir, StubProvider.class.getName());

        PbxProvider provider = PbxProvider.find(" Stub ", cl).orElseThrow();
        Pbx pbx = provider.create("office", Map.of("action-timeout", "3s", "host", "127.0.0.1"));

        assertThat(pbx.id()).isEqualTo("office");
        assertThat(pbx.config().actionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(PbxProvider.find("freeswitch", cl)).isEmpty();
        assertThat(PbxProvider.all(cl)).hasSize(1);
        pbx.close();
    }

    @Test
    void twoProvidersForOneKindAreAClasspathMistake(@TempDir Path dir) throws IOException {
        ClassLoader cl = loaderWithServices(dir, StubProvider.class.getName(), DuplicateProvider.class.getName());

        assertThatThrownBy(() -> PbxProvider.find("stub", cl))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("kind");
                    assertThat(e.getMessage()).contains(StubProvider.class.getName(), DuplicateProvider.class.getName());
                });
    }

    @Test
    void theContextClassLoaderIsUsedByDefault(@TempDir Path dir) throws IOException {
        ClassLoader cl = loaderWithServices(dir, StubProvider.class.getName());
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(cl);
        try {
            assertThat(PbxProvider.find("stub")).isPresent();
        } finally {
            t.setContextClassLoader(before);
        }
        assertThat(PbxProvider.find("stub")).as("core itself ships no provider").isEmpty();
    }

    @Test
    void invalidKindIsRejected() {
        assertThatThrownBy(() -> PbxProvider.find(" "))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("kind"));
        assertThatThrownBy(() -> PbxProvider.find("a\nb", getClass().getClassLoader()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theDefaultCreateWithABaseTakesOnlyTheDefaultsAndRefusesAnObserverItCannotUse() {
        PbxProvider p = new StubProvider();
        Pbx pbx = p.create("office", Map.of("action-timeout", "3s"), PbxConfig.defaults());
        assertThat(pbx.config().actionTimeout()).isEqualTo(Duration.ofSeconds(3));

        PbxConfig observed = PbxConfig.builder().actionObserver((id, action, latency, outcome) -> { }).build();
        assertThatThrownBy(() -> p.create("office", Map.of(), observed))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("base"))
                .hasMessageContaining(StubProvider.class.getName());
        assertThatThrownBy(() -> p.create("office", Map.of(), null)).isInstanceOf(InvalidRequestException.class);
    }
}
